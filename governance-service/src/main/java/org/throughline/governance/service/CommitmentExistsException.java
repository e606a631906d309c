package org.throughline.governance.service;

import io.smallrye.graphql.api.ErrorCode;

/** A milestone is tethered to a KPI at most once: a second promise for the same pair would contradict the first. */
@ErrorCode("commitment-exists")
public class CommitmentExistsException extends Exception {
    public CommitmentExistsException(String milestoneId, String kpiId) {
        super("Milestone " + milestoneId + " is already tethered to KPI " + kpiId
                + "; there is one outcome commitment per milestone and KPI.");
    }
}
