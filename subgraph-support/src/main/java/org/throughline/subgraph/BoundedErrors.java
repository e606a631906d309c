package org.throughline.subgraph;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.InvalidSyntaxError;
import graphql.execution.AbortExecutionException;
import graphql.execution.NonNullableFieldWasNullError;
import graphql.language.SourceLocation;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.spi.EventingService;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Gives a refused caller a message and the code FORBIDDEN or UNAUTHENTICATED (Quarkus security's exceptions carry
 * neither). Gives every error graphql-java raises before our code runs (a document that does not parse or validate,
 * a variable of the wrong type) a code and a bounded message. Left alone, SmallRye answers such errors without a code and with
 * the offending input quoted in full, however large. Errors our resolvers throw already carry a code and are kept.
 * Registered through {@code META-INF/services}, so every subgraph that depends on this module has it.
 */
public class BoundedErrors implements EventingService {

    /** Longer messages are cut here: enough to name the problem, too short to echo a large input back. */
    static final int MESSAGE_LIMIT = 300;

    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";

    private static final Pattern WRONG_ARGUMENT =
            Pattern.compile("argument '([^']+)' with value '.*' is not a valid '(.+?)'(?: - |$)", Pattern.DOTALL);

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
        if (result == null || result.getErrors().isEmpty() || result.getErrors().stream()
                .allMatch(error -> error instanceof ExceptionWhileDataFetching && denial(error).isEmpty())) {
            return;
        }
        List<GraphQLError> errors = result.getErrors();
        // SmallRye turns an argument it cannot convert into null, which then breaks a non-null field: that second
        // error only repeats the first.
        // Each message is matched once: it may quote the whole input, however large.
        List<Optional<Matcher>> arguments = errors.stream().map(BoundedErrors::wrongArgument).toList();
        Set<List<Object>> refused = IntStream.range(0, errors.size()).filter(i -> arguments.get(i).isPresent())
                .mapToObj(i -> pathOf(errors.get(i))).collect(Collectors.toSet());
        List<GraphQLError> bounded = IntStream.range(0, errors.size())
                .filter(i -> !(errors.get(i) instanceof NonNullableFieldWasNullError
                        && refused.contains(pathOf(errors.get(i)))))
                .mapToObj(i -> bounded(errors.get(i), arguments.get(i))).toList();
        smallRye.setExecutionResult(result.transform(builder -> builder.errors(bounded)));
    }

    /** The error with its message cut and a code; {@code argument} is its match as a wrongly typed argument. */
    private static GraphQLError bounded(GraphQLError error, Optional<Matcher> argument) {
        Optional<String> denial = denial(error);
        if (denial.isPresent()) {
            String field = error.getPath() == null || error.getPath().isEmpty() ? "this field"
                    : "'" + error.getPath().get(error.getPath().size() - 1) + "'";
            String message = denial.get().equals(FORBIDDEN)
                    ? "Your roles do not allow " + field + "; its roles are in the schema (@policy)."
                    : "Sign in first: " + field + " needs an access token of the throughline realm.";
            return new Bounded(message, error.getLocations(), error.getPath(), denial.get(), error.getErrorType(),
                    null);
        }
        if (error instanceof ExceptionWhileDataFetching) {
            return error;
        }
        if (argument.isPresent()) {
            String name = argument.get().group(1);
            String type = argument.get().group(2);
            String message = type.startsWith("Unknown Scalar Type")
                    ? "The argument '" + name + "' holds a value of the wrong type: dates are YYYY-MM-DD, date-times "
                    + "ISO-8601 with an offset, numbers plain digits."
                    : "The argument '" + name + "' is not a valid '" + type + "'.";
            return new Bounded(message, error.getLocations(), pathOf(error), "GRAPHQL_VALIDATION_FAILED",
                    error.getErrorType(), name);
        }
        return new Bounded(cut(error.getMessage()), error.getLocations(), error.getPath(), codeOf(error),
                error.getErrorType(), null);
    }

    /**
     * FORBIDDEN when a resolver refused the caller for want of a role (Quarkus security's {@code @RolesAllowed}),
     * UNAUTHENTICATED when it needed a caller and had none; empty for any other error.
     */
    private static Optional<String> denial(GraphQLError error) {
        if (error instanceof ExceptionWhileDataFetching fetching) {
            for (Throwable cause = fetching.getException(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ForbiddenException) {
                    return Optional.of(FORBIDDEN);
                }
                if (cause instanceof UnauthorizedException || cause instanceof AuthenticationFailedException) {
                    return Optional.of(UNAUTHENTICATED);
                }
            }
        }
        return Optional.empty();
    }

    /** graphql-java's and SmallRye's "argument 'x' with value '...the whole input...' is not a valid 'T'". */
    private static Optional<Matcher> wrongArgument(GraphQLError error) {
        if (error.getMessage() == null) {
            return Optional.empty();
        }
        Matcher matcher = WRONG_ARGUMENT.matcher(error.getMessage());
        return matcher.find() ? Optional.of(matcher) : Optional.empty();
    }

    /** Where an error belongs: its path, or for a validation error raised while fetching, its query path. */
    private static List<Object> pathOf(GraphQLError error) {
        if (error.getPath() != null) {
            return error.getPath();
        }
        if (error instanceof graphql.validation.ValidationError validation && validation.getQueryPath() != null) {
            return List.copyOf(validation.getQueryPath());
        }
        return null;
    }

    /** The codes Apollo's servers use for the same failures, so that clients handle every subgraph alike. */
    private static String codeOf(GraphQLError error) {
        if (error instanceof InvalidSyntaxError) {
            return "GRAPHQL_PARSE_FAILED";
        }
        // graphql-java's depth and complexity instrumentations (quarkus.smallrye-graphql.instrumentation-query-*).
        if (error instanceof AbortExecutionException && error.getMessage() != null) {
            if (error.getMessage().startsWith("maximum query depth exceeded")) {
                return "MAX_DEPTH_LIMIT";
            }
            if (error.getMessage().startsWith("maximum query complexity exceeded")) {
                return "COST_ESTIMATED_TOO_EXPENSIVE";
            }
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
                           ErrorClassification classification, String field) implements GraphQLError {

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
            return field == null ? Map.of("code", code, "classification", String.valueOf(classification))
                    : Map.of("code", code, "classification", String.valueOf(classification), "field", field);
        }
    }
}
