package org.throughline.plan.service;

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
 * The dependencies of one initiative's milestones, in memory, to find whether a change would close a cycle. Node
 * keys are whatever the caller identifies milestones by (ids for mutations, spreadsheet keys for an import).
 */
final class DependencyGraph<K extends Comparable<K>> {

    private final Map<K, TreeSet<K>> dependsOn = new TreeMap<>();

    void add(K milestone, K dependency) {
        dependsOn.computeIfAbsent(milestone, key -> new TreeSet<>()).add(dependency);
    }

    void replace(K milestone, Collection<K> dependencies) {
        dependsOn.put(milestone, new TreeSet<>(dependencies));
    }

    /**
     * A cycle, if the graph has one: the milestones along it, starting and ending with the same one, each depending
     * on the next. Depth-first without recursion, so a long chain of dependencies cannot overflow the stack.
     */
    Optional<List<K>> findCycle() {
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

    private Iterator<K> dependencies(K milestone) {
        TreeSet<K> dependencies = dependsOn.get(milestone);
        return dependencies == null ? java.util.Collections.emptyIterator() : dependencies.iterator();
    }

    /** The part of the path from {@code repeated} to its end, closed by {@code repeated} again. */
    private static <K> List<K> cycleEndingAt(Deque<K> path, K repeated) {
        List<K> cycle = new ArrayList<>();
        for (Iterator<K> fromStart = path.descendingIterator(); fromStart.hasNext(); ) {
            K milestone = fromStart.next();
            if (!cycle.isEmpty() || milestone.equals(repeated)) {
                cycle.add(milestone);
            }
        }
        cycle.add(repeated);
        return cycle;
    }
}
