package org.throughline.gateway.execution;

import java.util.Map;

/**
 * A client's GraphQL request. {@code mutationsAllowed} is false for requests that must not change anything, such as
 * HTTP GET.
 */
public record GraphQLRequest(String query, String operationName, Map<String, Object> variables,
                             boolean mutationsAllowed) {
    public GraphQLRequest {
        variables = variables == null ? Map.of() : variables;
    }

    public GraphQLRequest(String query, String operationName, Map<String, Object> variables) {
        this(query, operationName, variables, true);
    }
}
