package org.throughline.governance.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A commitment named a KPI that kpi-service does not know. */
@ErrorCode("kpi-not-found")
public class KpiNotFoundException extends RejectedInputException {
    public KpiNotFoundException(String field, Object id) {
        super(field, "kpi-service knows no KPI with the id " + id + "; nothing was tethered.");
    }
}
