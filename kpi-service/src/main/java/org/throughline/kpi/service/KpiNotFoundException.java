package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A caller named a KPI that does not exist. */
@ErrorCode("kpi-not-found")
public class KpiNotFoundException extends RejectedInputException {
    public KpiNotFoundException(String field, Object id) {
        super(field, "No KPI has the id " + id + ".");
    }
}
