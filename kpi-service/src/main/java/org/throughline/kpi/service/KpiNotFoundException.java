package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;

/** A caller named a KPI that does not exist. */
@ErrorCode("kpi-not-found")
public class KpiNotFoundException extends Exception {
    public KpiNotFoundException(String id) {
        super("No KPI has the id " + id + ".");
    }
}
