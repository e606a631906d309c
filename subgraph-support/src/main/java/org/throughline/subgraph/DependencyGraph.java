package org.throughline.subgraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A graph of items that depend on others (items on items, KPIs on their drivers), in memory, to find whether
 * a change would close a cycle. Node keys are whatever the caller identifies items by.
 */
public final class DependencyGraph<K extends Comparable<K>> {

    private final Map<K, TreeSet<K>> dependsOn = new TreeMap<>();

    public void add(K item, K dependency) {
        dependsOn.computeIfAbsent(item, key -> new TreeSet<>()).add(dependency);
    }

    public void replace(K item, Collection<K> dependencies) {
        dependsOn.put(item, new TreeSet<>(dependencies));
    }

    /**
     * A cycle, if the graph has one: the items along it, starting and ending with the same one, each depending
     * on the next. Depth-first without recursion, so a long chain of dependencies cannot overflow the stack.
     */
    public Optional<List<K>> findCycle() {
        Map<K, Boolean> onPath = new HashMap<>();  // true while on the current path, false once finished
        for (K start : dependsOn.keySet()) {
            if (onPath.containsKey(start)) {
                continue;
            }
            Deque<K> path = new ArrayDeque<>();
            Deque<Iterator<K>> next = new ArrayDeque<>();
            path.push(start);
            next.push(dependencies(start));
            onPath.put(start, true);
            while (!path.isEmpty()) {
                if (!next.peek().hasNext()) {
                    onPath.put(path.pop(), false);
                    next.pop();
                    continue;
                }
                K dependency = next.peek().next();
                Boolean state = onPath.get(dependency);
                if (state == null) {
                    path.push(dependency);
                    next.push(dependencies(dependency));
                    onPath.put(dependency, true);
                } else if (state) {
                    return Optional.of(cycleEndingAt(path, dependency));
                }
            }
        }
        return Optional.empty();
    }

    private Iterator<K> dependencies(K item) {
        TreeSet<K> dependencies = dependsOn.get(item);
        return dependencies == null ? java.util.Collections.emptyIterator() : dependencies.iterator();
    }

    /** The part of the path from {@code repeated} to its end, closed by {@code repeated} again. */
    private static <K> List<K> cycleEndingAt(Deque<K> path, K repeated) {
        List<K> cycle = new ArrayList<>();
        for (Iterator<K> fromStart = path.descendingIterator(); fromStart.hasNext(); ) {
            K item = fromStart.next();
            if (!cycle.isEmpty() || item.equals(repeated)) {
                cycle.add(item);
            }
        }
        cycle.add(repeated);
        return cycle;
    }
}
