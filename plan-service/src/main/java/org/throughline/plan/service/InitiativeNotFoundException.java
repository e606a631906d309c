package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A caller named a initiative that does not exist. */
@ErrorCode("initiative-not-found")
public class InitiativeNotFoundException extends RejectedInputException {
    public InitiativeNotFoundException(String field, Object id) {
        super(field, "No initiative has the id " + id + ".");
    }
}
