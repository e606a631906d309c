package org.throughline.benchmark.differential;

import graphql.schema.GraphQLSchema;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WrittenOutOperationTest {

    private static final GraphQLSchema SCHEMA = TestSchemas.schema(TestSchemas.ABSTRACT_TYPES);

    @Test
    void aFragmentOnAnInterfaceBecomesOneFragmentPerObjectTypeTheListAllows() {
        GeneratedOperation written = WrittenOutOperation.of(SCHEMA, new GeneratedOperation("""
                query Differential { trending { views ... on Item { id } title } }
                """, Map.of()));

        assertEquals(compact("""
                query Differential { trending { views ... on Book { id } ... on Movie { id } title } }
                """), compact(written.query()));
    }

    @Test
    void skipAndIncludeAreAppliedAndNamedFragmentsPutInPlace() {
        GeneratedOperation written = WrittenOutOperation.of(SCHEMA, new GeneratedOperation("""
                query Differential($b: Boolean!, $d: Int) {
                  mediaById(id: "m1") { ...F title @include(if: $b) id @skip(if: $b) }
                }
                fragment F on Movie { minutes ... on Movie { trend(days: $d) } ... @include(if: false) { views } }
                """, Map.of("b", true, "d", 2)));

        assertEquals(compact("""
                query Differential($d: Int) { mediaById(id: "m1") { ... on Movie { minutes trend(days: $d) } title } }
                """), compact(written.query()));
        assertEquals(Map.of("d", 2), written.variables());
    }

    @Test
    void aFieldWhoseEverySelectionIsExcludedCannotBeWrittenOut() {
        assertThrows(IllegalArgumentException.class, () -> WrittenOutOperation.of(SCHEMA, new GeneratedOperation("""
                query Differential { media { id @skip(if: true) } }
                """, Map.of())));
    }

    private static String compact(String query) {
        return query.replaceAll("\\s+", " ").strip();
    }
}
