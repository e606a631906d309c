package org.throughline.governance.review;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A review change that breaks a rule of reviews: superseding a draft, a decision on another initiative's milestone. */
@ErrorCode("invalid-review")
public class InvalidReviewException extends RejectedInputException {
    public InvalidReviewException(String field, String message) {
        super(field, message);
    }
}
