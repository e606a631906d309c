package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A caller named a workstream that does not exist. */
@ErrorCode("workstream-not-found")
public class WorkstreamNotFoundException extends RejectedInputException {
    public WorkstreamNotFoundException(String field, Object id) {
        super(field, "No workstream has the id " + id + ".");
    }
}
