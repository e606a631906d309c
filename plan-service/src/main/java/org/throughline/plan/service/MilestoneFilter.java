package org.throughline.plan.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.BusinessFunction;
import org.throughline.plan.DeliveryStatus;
import org.throughline.plan.Health;
import org.throughline.plan.StageGate;

import java.util.List;

/** Which milestones a list shows; every condition given must hold. */
@Input("MilestoneFilter")
@Description("Which milestones to list; every condition given must hold, a list means any of its values. The "
        + "business function is the function of the milestone's workstream.")
public class MilestoneFilter {
    @Id
    public String initiativeId;
    @Id
    public String workstreamId;
    public BusinessFunction businessFunction;
    public List<@NonNull DeliveryStatus> deliveryStatus;
    public List<@NonNull Health> health;
    public List<@NonNull StageGate> stageGate;
    @Id
    public String accountableOwner;
}
