package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A caller named a milestone that does not exist. */
@ErrorCode("milestone-not-found")
public class MilestoneNotFoundException extends RejectedInputException {
    public MilestoneNotFoundException(String field, Object id) {
        super(field, "No milestone has the id " + id + ".");
    }
}
