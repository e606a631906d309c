package org.throughline.governance.review;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;

/** A review named an initiative that plan-service does not know. */
@ErrorCode("initiative-not-found")
public class InitiativeNotFoundException extends RejectedInputException {
    public InitiativeNotFoundException(String field, Object id) {
        super(field, "plan-service knows no initiative with the id " + Inputs.shown(String.valueOf(id)) + ".");
    }
}
