package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;

/** A plan change breaks a rule of the plan, such as a forecast that cannot be read as a date range. */
@ErrorCode("invalid-plan")
public class InvalidPlanException extends Exception {
    public InvalidPlanException(String message) {
        super(message);
    }
}
