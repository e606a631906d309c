package org.throughline.subgraph;

import io.smallrye.graphql.api.ErrorCode;

/** An input that can never be right: not an id, too long, a date outside the window, a malformed user id. */
@ErrorCode("bad-input")
public class BadInputException extends RejectedInputException {

    public BadInputException(String field, String problem) {
        super(field, field + ": " + problem);
    }
}
