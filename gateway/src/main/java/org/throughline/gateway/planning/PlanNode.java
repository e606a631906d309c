package org.throughline.gateway.planning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a query plan: what the executor does, in which order. Plans are plain data so that they can be
 * cached, printed and compared in tests.
 */
public sealed interface PlanNode permits PlanNode.Fetch, PlanNode.Flatten, PlanNode.Sequence, PlanNode.Parallel {

    /**
     * One request to one subgraph. For an entity fetch, {@code representations} holds, per entity type, the
     * selection (typename, key and required fields) read from each entity of that type in the merged response to
     * build the {@code _entities} representations; it is empty for a root fetch. {@code interfaceObjects} maps
     * concrete types to the interface name their entities are sent as, where the subgraph holds the interface as an
     * {@code @interfaceObject}.
     */
    record Fetch(String graph, String operation, List<String> variables, Map<String, String> representations,
                 Map<String, String> interfaceObjects) implements PlanNode {
        public Fetch {
            representations = Collections.unmodifiableMap(new LinkedHashMap<>(representations));
            interfaceObjects = Collections.unmodifiableMap(new LinkedHashMap<>(interfaceObjects));
        }

        public Fetch(String graph, String operation, List<String> variables, Map<String, String> representations) {
            this(graph, operation, variables, representations, Map.of());
        }

        public boolean entities() {
            return !representations.isEmpty();
        }
    }

    /** Runs an entity fetch for the objects at {@code path} of the merged response ({@code @} = every list item). */
    record Flatten(List<String> path, Fetch fetch) implements PlanNode {
    }

    /** Runs its nodes one after the other. */
    record Sequence(List<PlanNode> nodes) implements PlanNode {
    }

    /** Runs its nodes at the same time. */
    record Parallel(List<PlanNode> nodes) implements PlanNode {
    }
}
