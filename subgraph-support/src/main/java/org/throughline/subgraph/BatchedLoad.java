package org.throughline.subgraph;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Answers a batch (an {@code _entities} call, a batched {@code @Source} field) with one query, in the order the
 * batch asked: federation and SmallRye match results to requests by position.
 */
public final class BatchedLoad {

    private BatchedLoad() {
    }

    /**
     * Loads the rows named by the ids with one call of {@code load} and returns them in the order of {@code ids},
     * null where an id names no row (unknown, or not a number).
     */
    public static <T> List<T> byIds(List<String> ids, Function<Collection<Long>, List<T>> load, Function<T, Long> idOf) {
        return oneEach(ids.stream().map(id -> EntityIds.parse(id).orElse(null)).toList(), load::apply, idOf);
    }

    /**
     * Loads the rows for the keys (repeated keys asked once, null keys not at all) with one call of {@code load},
     * which returns at most one row per key, and returns them in the order of {@code keys}: null where a key is null
     * or has no row. The parent of each child, the latest measurement of each KPI.
     */
    public static <K, T> List<T> oneEach(List<K> keys, Function<List<K>, List<T>> load, Function<T, K> keyOf) {
        List<K> asked = keys.stream().filter(Objects::nonNull).distinct().toList();
        Map<K, T> byKey = asked.isEmpty() ? Map.of()
                : load.apply(asked).stream().collect(Collectors.toMap(keyOf, Function.identity()));
        return keys.stream().map(key -> key == null ? null : byKey.get(key)).toList();
    }

    /**
     * Loads the children of every parent key with one call of {@code load} and returns one list per key, in the
     * order of {@code keys}, each in the order {@code load} returned; an empty list where a key has none.
     */
    public static <K, T> List<List<T>> childrenOf(List<K> keys, Function<List<K>, List<T>> load, Function<T, K> keyOf) {
        Map<K, List<T>> byKey = keys.isEmpty() ? Map.of()
                : load.apply(keys).stream().collect(Collectors.groupingBy(keyOf));
        return keys.stream().map(key -> byKey.getOrDefault(key, List.of())).toList();
    }
}
