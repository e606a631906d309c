package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;

/** A KPI definition breaks a rule of its own, such as a target dated before its baseline. */
@ErrorCode("invalid-kpi")
public class InvalidKpiException extends Exception {
    public InvalidKpiException(String message) {
        super(message);
    }
}
