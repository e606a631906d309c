package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A value the KPI cannot have: outside its valid range (a share of −500 %). */
@ErrorCode("value-out-of-range")
public class ValueOutOfRangeException extends RejectedInputException {
    public ValueOutOfRangeException(String field, String message) {
        super(field, message);
    }
}
