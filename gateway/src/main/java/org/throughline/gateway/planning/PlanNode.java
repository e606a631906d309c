package org.throughline.gateway.planning;

import java.util.List;

/**
 * A node of a query plan: what the executor does, in which order. Plans are plain data so that they can be
 * cached, printed and compared in tests.
 */
public sealed interface PlanNode permits PlanNode.Fetch, PlanNode.Flatten, PlanNode.Sequence, PlanNode.Parallel {

    /**
     * One request to one subgraph. For an entity fetch, {@code representation} is the selection (typename and key
     * fields) read from each entity in the merged response to build the {@code _entities} representations, and
     * {@code entityType} the type those entities must have.
     */
    record Fetch(String graph, String operation, List<String> variables, String entityType, String representation)
            implements PlanNode {
        public boolean entities() {
            return entityType != null;
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
