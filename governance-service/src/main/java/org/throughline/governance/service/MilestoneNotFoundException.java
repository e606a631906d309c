package org.throughline.governance.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A commitment named a milestone that plan-service does not know. */
@ErrorCode("milestone-not-found")
public class MilestoneNotFoundException extends RejectedInputException {
    public MilestoneNotFoundException(String field, Object id) {
        super(field, "plan-service knows no milestone with the id " + id + "; nothing was tethered.");
    }
}
