package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A change the record must explain (re-baselining, putting on hold, descoping, an unusual gate move) came without a reason. */
@ErrorCode("reason-required")
public class ReasonRequiredException extends RejectedInputException {
    public ReasonRequiredException(String what) {
        super("reason", what + " needs a reason; give one in 'reason'.");
    }
}
