package org.throughline.governance.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A milestone is tethered to a KPI at most once at a time: a second promise for the pair would contradict the first. */
@ErrorCode("commitment-exists")
public class CommitmentExistsException extends RejectedInputException {
    public CommitmentExistsException(String field, String milestoneId, String kpiId) {
        super(field, "Milestone " + milestoneId + " is already tethered to KPI " + kpiId
                + "; there is one active outcome commitment per milestone and KPI. Amend it, or withdraw it first.");
    }
}
