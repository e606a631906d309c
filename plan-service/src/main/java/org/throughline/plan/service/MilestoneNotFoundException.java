package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;

/** A caller named a milestone that does not exist. */
@ErrorCode("milestone-not-found")
public class MilestoneNotFoundException extends Exception {
    public MilestoneNotFoundException(String id) {
        super("No milestone has the id " + id + ".");
    }
}
