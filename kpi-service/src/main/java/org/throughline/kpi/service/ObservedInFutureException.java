package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A value for a business day that has not come yet: it cannot have been observed. */
@ErrorCode("observed-in-future")
public class ObservedInFutureException extends RejectedInputException {
    public ObservedInFutureException(String field, String message) {
        super(field, message);
    }
}
