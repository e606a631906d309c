package org.throughline.governance.signoff;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** An effect is signed off once the milestone is implemented, not on a promise. */
@ErrorCode("milestone-not-implemented")
public class MilestoneNotImplementedException extends RejectedInputException {
    public MilestoneNotImplementedException(String milestoneId, String stageGate) {
        super("commitmentId", "The effect of milestone " + milestoneId + " can be signed off once it is IMPLEMENTED; "
                + "it is " + stageGate + ". Nothing was signed off.");
    }
}
