package org.throughline.plan.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.DeliveryStatus;
import org.throughline.plan.Health;
import org.throughline.plan.StageGate;

import java.time.LocalDate;
import java.util.List;

/** What a plan lead changes of a milestone; a field left out stays as it is. */
@Input("MilestoneChanges")
@Description("Changes to a milestone: a field left out stays as it is; an empty scope or key clears it. A new "
        + "baseline (re-baselining), DESCOPED, and a gate move other than one step forward need a reason. DELIVERED "
        + "takes the actual finish given, or today; leaving DELIVERED clears it. dependsOn replaces the dependencies.")
public class MilestoneChanges {
    public String externalKey;
    public String title;
    public String scope;
    @Id
    @Description("Another workstream of the same initiative.")
    public String workstreamId;
    public LocalDate baselineFinish;
    public LocalDate forecastFinish;
    public LocalDate actualFinish;
    public DeliveryStatus deliveryStatus;
    public Health health;
    public StageGate stageGate;
    @Id
    @Description("A handover to another accountable owner.")
    public String accountableOwner;
    @Id
    public List<@NonNull String> dependsOn;
}
