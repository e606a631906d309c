package org.throughline.gateway.supergraph;

/**
 * One {@code @join__field} of a field: a subgraph that defines it, and how (external, requires, provides,
 * overridden from another subgraph, its type there when it differs from the supergraph's). With an {@code overrideLabel} (progressive override) the entry holds only
 * while the label is on (the overriding side, which has {@code override}) or only while it is off (the other).
 */
public record FieldJoin(String graph, boolean external, String requires, String provides, String override,
                        String overrideLabel, String type) {

    /** This entry as it holds with the label on or off: a side that does not hold only references the field. */
    FieldJoin withLabel(boolean on) {
        boolean holds = override != null ? on : !on;
        return holds ? new FieldJoin(graph, external, requires, provides, override, null, type)
                : new FieldJoin(graph, true, null, null, null, null, type);
    }
}
