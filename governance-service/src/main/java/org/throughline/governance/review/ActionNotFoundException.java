package org.throughline.governance.review;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;

/** The id names no action. */
@ErrorCode("action-not-found")
public class ActionNotFoundException extends RejectedInputException {
    public ActionNotFoundException(String field, Object id) {
        super(field, "There is no action with the id " + Inputs.shown(String.valueOf(id)) + ".");
    }
}
