package org.throughline.governance.review;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;

/** The id names no decision. */
@ErrorCode("decision-not-found")
public class DecisionNotFoundException extends RejectedInputException {
    public DecisionNotFoundException(String field, Object id) {
        super(field, "There is no decision with the id " + Inputs.shown(String.valueOf(id)) + ".");
    }
}
