package org.throughline.plan.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/** Which milestones' changes a subscriber receives; every condition given must hold. */
@Input("MilestoneEventFilter")
@Description("Which milestones' changes to receive: all when empty.")
public class MilestoneEventFilter {
    @Id
    @Description("Only the milestones of this initiative.")
    public String initiativeId;
    @Id
    @Description("Only these milestones.")
    public List<@NonNull String> milestoneIds;
}
