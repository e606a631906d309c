package org.throughline.governance.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A commitment that breaks a rule of its own: a due date before the KPI's baseline, a withdrawn one amended. */
@ErrorCode("invalid-commitment")
public class InvalidCommitmentException extends RejectedInputException {
    public InvalidCommitmentException(String field, String message) {
        super(field, message);
    }
}
