package org.throughline.subgraph;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchedLoadTest {

    private record Row(long id, String parent) {
    }

    @Test
    void rowsComeBackInRequestOrderWithNullForUnknownAndNonNumericIds() {
        List<Collection<Long>> calls = new ArrayList<>();
        Map<Long, Row> table = Map.of(1L, new Row(1, "a"), 2L, new Row(2, "b"));

        List<Row> rows = BatchedLoad.byIds(Arrays.asList("2", "x", "1", "9", "2"), ids -> {
            calls.add(List.copyOf(ids));
            return ids.stream().filter(table::containsKey).map(table::get).toList();
        }, Row::id);

        assertEquals(Arrays.asList(table.get(2L), null, table.get(1L), null, table.get(2L)), rows);
        assertEquals(List.of(List.of(2L, 1L, 9L)), calls);
    }

    @Test
    void noNumericIdMeansNoQuery() {
        List<Row> rows = BatchedLoad.byIds(List.of("x", " "), ids -> {
            throw new AssertionError("no query expected");
        }, Row::id);

        assertEquals(Arrays.asList(null, null), rows);
    }

    @Test
    void oneRowPerKeyAskedOnceEachInKeyOrderWithNullForNullAndMissingKeys() {
        List<List<String>> calls = new ArrayList<>();
        Map<String, Row> parents = Map.of("a", new Row(1, "a"), "b", new Row(2, "b"));

        List<Row> rows = BatchedLoad.oneEach(Arrays.asList("b", "a", null, "b", "z"), keys -> {
            calls.add(List.copyOf(keys));
            return keys.stream().filter(parents::containsKey).map(parents::get).toList();
        }, Row::parent);

        assertEquals(Arrays.asList(parents.get("b"), parents.get("a"), null, parents.get("b"), null), rows);
        assertEquals(List.of(List.of("b", "a", "z")), calls);
    }

    @Test
    void childrenAreGroupedPerParentInParentOrderWithEmptyListsForChildlessParents() {
        List<Row> children = List.of(new Row(1, "b"), new Row(2, "a"), new Row(3, "b"));

        List<List<Row>> grouped = BatchedLoad.childrenOf(List.of("a", "c", "b"), keys -> children, Row::parent);

        assertEquals(List.of(List.of(children.get(1)), List.of(), List.of(children.get(0), children.get(2))), grouped);
    }

    @Test
    void idsAreTrimmedNumbers() {
        assertEquals(7L, EntityIds.parse(" 7 ").orElseThrow());
        assertTrue(EntityIds.parse("7a").isEmpty());
        assertTrue(EntityIds.parse(null).isEmpty());
    }
}
