package org.throughline.subgraph;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.InvalidSyntaxError;
import graphql.language.SourceLocation;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.spi.EventingService;

import java.util.List;
import java.util.Map;

/**
 * Gives every error graphql-java raises before our code runs (a document that does not parse or validate, a variable
 * of the wrong type) a code and a bounded message. Left alone, SmallRye answers such errors without a code and with
 * the offending input quoted in full, however large. Errors our resolvers throw already carry a code and are kept.
 * Registered through {@code META-INF/services}, so every subgraph that depends on this module has it.
 */
public class BoundedErrors implements EventingService {

    /** Longer messages are cut here: enough to name the problem, too short to echo a large input back. */
    static final int MESSAGE_LIMIT = 300;

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public void afterExecute(Context context) {
        if (!(context instanceof SmallRyeContext smallRye)) {
            return;
        }
        ExecutionResult result = smallRye.unwrap(ExecutionResult.class);
        if (result == null || result.getErrors().isEmpty()
                || result.getErrors().stream().allMatch(error -> error instanceof ExceptionWhileDataFetching)) {
            return;
        }
        List<GraphQLError> bounded = result.getErrors().stream().map(BoundedErrors::bounded).toList();
        smallRye.setExecutionResult(result.transform(builder -> builder.errors(bounded)));
    }

    static GraphQLError bounded(GraphQLError error) {
        if (error instanceof ExceptionWhileDataFetching) {
            return error;
        }
        return new Bounded(cut(error.getMessage()), error.getLocations(), error.getPath(), codeOf(error),
                error.getErrorType());
    }

    /** The codes Apollo's servers use for the same failures, so that clients handle every subgraph alike. */
    private static String codeOf(GraphQLError error) {
        if (error instanceof InvalidSyntaxError) {
            return "GRAPHQL_PARSE_FAILED";
        }
        if (error instanceof graphql.validation.ValidationError) {
            return "GRAPHQL_VALIDATION_FAILED";
        }
        return error.getErrorType() == ErrorType.ValidationError ? "BAD_USER_INPUT" : "INTERNAL_SERVER_ERROR";
    }

    static String cut(String message) {
        if (message == null || message.length() <= MESSAGE_LIMIT) {
            return message;
        }
        return message.substring(0, MESSAGE_LIMIT) + "… (" + message.length() + " characters, cut)";
    }

    /** An error as the client gets it: message, where, and a code; nothing of the input beyond the message's start. */
    private record Bounded(String message, List<SourceLocation> locations, List<Object> path, String code,
                           ErrorClassification classification) implements GraphQLError {

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public List<SourceLocation> getLocations() {
            return locations;
        }

        @Override
        public List<Object> getPath() {
            return path;
        }

        @Override
        public ErrorClassification getErrorType() {
            return classification;
        }

        @Override
        public Map<String, Object> getExtensions() {
            return Map.of("code", code, "classification", String.valueOf(classification));
        }
    }
}
