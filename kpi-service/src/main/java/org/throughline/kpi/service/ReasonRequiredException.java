package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A change the record must explain (moving a baseline or a target, correcting a value) came without a reason. */
@ErrorCode("reason-required")
public class ReasonRequiredException extends RejectedInputException {
    public ReasonRequiredException(String what) {
        super("reason", what + " needs a reason; give one in 'reason'.");
    }
}
