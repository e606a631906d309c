package org.throughline.governance.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** Amending or withdrawing a promise must say why. */
@ErrorCode("reason-required")
public class ReasonRequiredException extends RejectedInputException {
    public ReasonRequiredException(String what) {
        super("reason", what + " needs a reason; give one in 'reason'.");
    }
}
