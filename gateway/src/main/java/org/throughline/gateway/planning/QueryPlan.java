package org.throughline.gateway.planning;

/** The plan of one operation: the tree of subgraph fetches and how their results are merged. */
public record QueryPlan(String operationType, PlanNode root) {

    /** A readable rendering, in the spirit of Apollo's query plan printout; stable, so tests can compare it. */
    public String print() {
        StringBuilder out = new StringBuilder("QueryPlan {\n");
        print(root, 1, out);
        return out.append("}").toString();
    }

    private static void print(PlanNode node, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth);
        if (node instanceof PlanNode.Fetch fetch) {
            out.append(indent).append("Fetch(service: \"").append(fetch.graph()).append("\"");
            if (fetch.entityFetch()) {
                out.append(", entities: ").append(String.join("; ", fetch.batches().stream()
                        .map(batch -> String.join(".", batch.path()) + " " + String.join(", ", batch.representations()
                                .entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue()).toList()))
                        .toList()));
            }
            out.append(") { ").append(fetch.operation()).append(" }\n");
        } else if (node instanceof PlanNode.Sequence sequence) {
            out.append(indent).append("Sequence {\n");
            sequence.nodes().forEach(child -> print(child, depth + 1, out));
            out.append(indent).append("}\n");
        } else if (node instanceof PlanNode.Parallel parallel) {
            out.append(indent).append("Parallel {\n");
            parallel.nodes().forEach(child -> print(child, depth + 1, out));
            out.append(indent).append("}\n");
        } else if (node instanceof PlanNode.Subscription subscription) {
            // As Apollo's router prints it: what subscribes, then what runs for each event.
            out.append(indent).append("Subscription {\n");
            out.append(indent).append("  Primary {\n");
            print(subscription.primary(), depth + 2, out);
            out.append(indent).append("  }\n");
            if (subscription.rest() != null) {
                out.append(indent).append("  Rest {\n");
                print(subscription.rest(), depth + 2, out);
                out.append(indent).append("  }\n");
            }
            out.append(indent).append("}\n");
        }
    }
}
