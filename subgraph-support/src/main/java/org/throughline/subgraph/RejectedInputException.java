package org.throughline.subgraph;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.language.SourceLocation;

import java.util.List;
import java.util.Map;

/**
 * A request refused because of one of its inputs. The client learns which input from {@code extensions.field} (a
 * service lists {@code field} in {@code quarkus.smallrye-graphql.error-extension-fields}) besides the code that the
 * concrete class declares with {@code @ErrorCode}. Messages quote what was sent only through {@link Inputs#shown}.
 */
public abstract class RejectedInputException extends Exception implements GraphQLError {

    private final String field;

    protected RejectedInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input the request got wrong, as the client named it: {@code title}, {@code changes.dependsOn}. */
    public String field() {
        return field;
    }

    @Override
    public Map<String, Object> getExtensions() {
        return Map.of("field", field);
    }

    @Override
    public List<SourceLocation> getLocations() {
        return null;
    }

    @Override
    public ErrorClassification getErrorType() {
        return ErrorType.DataFetchingException;
    }
}
