package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A caller named a measurement that does not exist. */
@ErrorCode("measurement-not-found")
public class MeasurementNotFoundException extends RejectedInputException {
    public MeasurementNotFoundException(String field, Object id) {
        super(field, "No measurement has the id " + id + ".");
    }
}
