package org.throughline.gateway.planning;

import java.util.List;
import java.util.Map;

/**
 * A node of a query plan: what the executor does, in which order. Plans are plain data so that they can be
 * cached, printed and compared in tests.
 */
public sealed interface PlanNode permits PlanNode.Fetch, PlanNode.Sequence, PlanNode.Parallel, PlanNode.Subscription {

    /**
     * One request to one subgraph. A root fetch has no {@code batches}, and {@code fields} are the response keys of
     * the root fields it answers; an entity fetch has one batch per place in the merged response whose entities it
     * completes, all sent in this one request. When the subgraph fails, its errors point at those fields.
     * {@code renames} maps the aliases the fetch gave fields that could not share their response key in the
     * subgraph's query (their types differ there) back to that key.
     */
    record Fetch(String graph, String operation, List<String> variables, List<EntityBatch> batches, List<String> fields,
                 Map<String, String> renames) implements PlanNode {
        public Fetch {
            variables = List.copyOf(variables);
            batches = List.copyOf(batches);
            fields = List.copyOf(fields);
            renames = Map.copyOf(renames);
        }

        public Fetch(String graph, String operation, List<String> variables, List<EntityBatch> batches,
                     List<String> fields) {
            this(graph, operation, variables, batches, fields, Map.of());
        }

        public boolean entityFetch() {
            return !batches.isEmpty();
        }
    }

    /**
     * The entities an entity fetch completes at one {@code path} of the merged response ({@code @} = every list
     * item): they travel in the variable {@code variable}, their results come back under {@code responseKey}.
     * {@code representations} holds, per entity type, what a representation of that type carries (typename, key
     * and required fields); {@code interfaceObjects} maps concrete types to the interface name their entities are
     * sent as, where the subgraph holds the interface as an {@code @interfaceObject}. {@code fields} are the response
     * keys the batch fills in each entity, where errors point when the subgraph fails.
     */
    record EntityBatch(List<String> path, String responseKey, String variable, Map<String, String> representations,
                       Map<String, String> interfaceObjects, List<String> fields) {
        public EntityBatch {
            path = List.copyOf(path);
            fields = List.copyOf(fields);
            representations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(representations));
            interfaceObjects = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(interfaceObjects));
        }
    }

    /** Runs its nodes one after the other. */
    record Sequence(List<PlanNode> nodes) implements PlanNode {
    }

    /** Runs its nodes at the same time. */
    record Parallel(List<PlanNode> nodes) implements PlanNode {
    }

    /**
     * A subscription: {@code primary} subscribes to the subgraph that owns the root field, and for each event it
     * sends, {@code rest} (null when the subgraph answers everything) completes the event from other subgraphs, as
     * the entity fetches of a query complete a root fetch's answer. Only ever the root of a plan.
     */
    record Subscription(Fetch primary, PlanNode rest) implements PlanNode {
    }
}
