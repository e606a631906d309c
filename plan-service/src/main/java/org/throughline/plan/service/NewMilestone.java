package org.throughline.plan.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.StageGate;

import java.time.LocalDate;
import java.util.List;

/** What a plan editor supplies to add a milestone to a workstream. */
@Input("NewMilestone")
@Description("A new milestone: NOT_STARTED, GREEN; its forecast starts at the baseline unless given.")
public class NewMilestone {
    @NonNull
    @Id
    public String workstreamId;
    @Description("A key of your own, unique within the initiative; the spreadsheet import finds milestones by it.")
    public String externalKey;
    @NonNull
    @Description("At most 300 characters.")
    public String title;
    @Description("What the milestone delivers, and what it does not; at most 4,000 characters.")
    public String scope;
    @NonNull
    public LocalDate baselineFinish;
    public LocalDate forecastFinish;
    @NonNull
    @Id
    @Description("The user id of the one person accountable for the milestone.")
    public String accountableOwner;
    @Description("IDENTIFIED when not given; EFFECT_PROVEN cannot be given.")
    public StageGate stageGate;
    @Description("Milestones of the same initiative this one depends on.")
    @Id
    public List<@NonNull String> dependsOn;
}
