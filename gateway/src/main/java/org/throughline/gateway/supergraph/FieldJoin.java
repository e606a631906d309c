package org.throughline.gateway.supergraph;

/**
 * One {@code @join__field} of a field: a subgraph that defines it, and how (external, requires, provides,
 * overridden from another subgraph).
 */
public record FieldJoin(String graph, boolean external, String requires, String provides, String override) {
}
