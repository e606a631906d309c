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

    /**
     * Subscribes to the subscription {@code operation} in the subgraph: each event it sends is handed to
     * {@code events}, until the subgraph completes it, fails it (its errors) or goes away (a {@link SubgraphException}),
     * or the returned handle cancels it. Each of {@code events}'s methods is called on one thread at a time.
     */
    default SubgraphSubscription subscribe(Subgraph subgraph, String operation, Map<String, Object> variables,
                                           Map<String, String> headers, SubgraphEvents events) {
        events.failed(new SubgraphException("SUBREQUEST_HTTP_ERROR", "the gateway cannot subscribe to subgraph "
                + subgraph.name()));
        return () -> { };
    }

    /** What a subgraph's subscription delivers. */
    interface SubgraphEvents {
        /** One event: a GraphQL response ({@code data}, {@code errors}). */
        void next(Map<String, Object> response);

        /** The subgraph ended the subscription with these GraphQL errors. */
        void errors(java.util.List<Map<String, Object>> errors);

        /** The subgraph cannot be reached, refused the connection, or went away before completing. */
        void failed(SubgraphException failure);

        /** The subgraph completed the subscription: no more events. */
        void completed();
    }

    /** Ends a subscription to a subgraph; after it, no more events are delivered. */
    interface SubgraphSubscription {
        void cancel();
    }
}
