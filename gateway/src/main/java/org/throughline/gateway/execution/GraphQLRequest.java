package org.throughline.gateway.execution;

import java.util.Map;

/** A client's GraphQL request as posted to the gateway. */
public record GraphQLRequest(String query, String operationName, Map<String, Object> variables) {
    public GraphQLRequest {
        variables = variables == null ? Map.of() : variables;
    }
}
