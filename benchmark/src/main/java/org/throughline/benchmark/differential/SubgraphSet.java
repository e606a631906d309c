package org.throughline.benchmark.differential;

import java.util.List;
import java.util.Map;

/**
 * The subgraphs of one supergraph under differential test, with the argument values worth generating for it (ids
 * its data has, terms that match), so that random operations reach data rather than nulls.
 *
 * @param name        the key of {@code -Ddifferential.supergraphs} and the directory of its files
 * @param description what the supergraph exercises, for the report
 * @param subgraphs   its subgraphs, served by {@link DifferentialSubgraphs}; empty for the benchmark's own four,
 *                    which {@code FederationBenchmarkSubgraphs} serves
 * @param samples     argument and input field values by name; the generator falls back on values by type
 */
record SubgraphSet(String name, String description, List<Subgraph> subgraphs, Map<String, List<Object>> samples) {
}
