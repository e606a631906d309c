package org.throughline.gateway.execution;

import org.throughline.gateway.supergraph.Subgraph;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Sends one GraphQL request to one subgraph without blocking; completes with the parsed response body. */
public interface SubgraphTransport {

    /**
     * Completes with the response's top-level object ({@code data}, {@code errors}), or exceptionally with a
     * {@link SubgraphException} when the subgraph cannot be reached, answers with an HTTP error, times out or sends
     * something that is not a GraphQL response.
     */
    CompletionStage<Map<String, Object>> send(Subgraph subgraph, String operation, Map<String, Object> variables,
                                              Map<String, String> headers);
}
