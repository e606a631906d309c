package org.throughline.governance.review;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;

/** The id names no review. */
@ErrorCode("review-not-found")
public class ReviewNotFoundException extends RejectedInputException {
    public ReviewNotFoundException(String field, Object id) {
        super(field, "There is no review with the id " + Inputs.shown(String.valueOf(id)) + ".");
    }
}
