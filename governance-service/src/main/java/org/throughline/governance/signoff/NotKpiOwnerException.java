package org.throughline.governance.signoff;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** Only the KPI's accountable owner signs off the effect a milestone had on it, and only in their own name. */
@ErrorCode("not-kpi-owner")
public class NotKpiOwnerException extends RejectedInputException {
    public NotKpiOwnerException(String message) {
        super("signedBy", message);
    }
}
