package org.throughline.subgraph;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, Long> parsed = new LinkedHashMap<>();
        for (String id : ids) {
            EntityIds.parse(id).ifPresent(value -> parsed.put(id, value));
        }
        Map<Long, T> byId = parsed.isEmpty() ? Map.of()
                : load.apply(parsed.values()).stream().collect(Collectors.toMap(idOf, Function.identity()));
        return ids.stream().map(id -> parsed.containsKey(id) ? byId.get(parsed.get(id)) : null).toList();
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
