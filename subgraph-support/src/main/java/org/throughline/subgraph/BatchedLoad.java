package org.throughline.subgraph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
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

    /**
     * Link rows read with native SQL, (from key, to key), as the keys each key links to, in the order of the rows: the
     * milestones a milestone depends on, the KPIs a KPI is driven by.
     */
    public static Map<Long, List<Long>> links(List<Object[]> rows) {
        Map<Long, List<Long>> links = new HashMap<>();
        for (Object[] row : rows) {
            links.computeIfAbsent(((Number) row[0]).longValue(), key -> new ArrayList<>())
                    .add(((Number) row[1]).longValue());
        }
        return links;
    }

    /**
     * Answers a batch whose parents were read for different instants (usually all live, or all for one past instant):
     * loads once per instant, null standing for "now", and puts the answers back in the order of the parents.
     */
    public static <P, R> List<R> perInstant(List<P> parents, Function<P, Instant> instantOf,
                                            BiFunction<Instant, List<P>, List<R>> load) {
        Map<Optional<Instant>, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < parents.size(); i++) {
            positions.computeIfAbsent(Optional.ofNullable(instantOf.apply(parents.get(i))), at -> new ArrayList<>())
                    .add(i);
        }
        if (positions.size() <= 1) {
            return parents.isEmpty() ? List.of() : load.apply(instantOf.apply(parents.get(0)), parents);
        }
        List<R> answers = new ArrayList<>(Collections.nCopies(parents.size(), null));
        positions.forEach((at, indexes) -> {
            List<R> group = load.apply(at.orElse(null), indexes.stream().map(parents::get).toList());
            for (int i = 0; i < indexes.size(); i++) {
                answers.set(indexes.get(i), group.get(i));
            }
        });
        return answers;
    }
}
