package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A KPI definition breaks a rule of its own, such as a target dated before its baseline. */
@ErrorCode("invalid-kpi")
public class InvalidKpiException extends RejectedInputException {
    public InvalidKpiException(String field, String message) {
        super(field, message);
    }
}
