package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A change that would break a rule of the plan, such as an actual finish on a milestone not delivered. */
@ErrorCode("invalid-plan")
public class InvalidPlanException extends RejectedInputException {
    public InvalidPlanException(String field, String message) {
        super(field, message);
    }

    /** A problem with one input, its message led by the input's name, as a bad-input message is. */
    public static InvalidPlanException at(String field, String problem) {
        return new InvalidPlanException(field, field + ": " + problem);
    }
}
