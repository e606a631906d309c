package org.throughline.governance.review;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

import java.time.OffsetDateTime;

/** What the board saw has one answer: a published review is annotated or superseded, never edited. */
@ErrorCode("review-published")
public class ReviewPublishedException extends RejectedInputException {
    public ReviewPublishedException(String field, Long reviewId, OffsetDateTime publishedAt, String what) {
        super(field, "Review " + reviewId + " was published at " + publishedAt + "; " + what + " is not possible. "
                + "A published review is annotated (annotateReview) or superseded (supersedeReview), never edited.");
    }

    /** The review was published while the change was being made (the database refused it). */
    public ReviewPublishedException(String field, Long reviewId, String what) {
        super(field, "Review " + reviewId + " was published meanwhile; " + what + " is not possible. "
                + "A published review is annotated (annotateReview) or superseded (supersedeReview), never edited.");
    }
}
