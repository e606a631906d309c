package org.throughline.governance.review;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

@Input("NewDecision")
@Description("A trade-off decision taken at a review. The affected milestones belong to the reviewed initiative; the "
        + "affected KPIs and commitments exist.")
public class NewDecision {
    @NonNull
    @Description("What was decided; at most 500 characters.")
    public String summary;
    @NonNull
    @Description("Why: the trade-off; at most 2,000 characters.")
    public String rationale;
    @NonNull
    @Id
    @Description("The user id of who took the decision.")
    public String decidedBy;
    @Id
    public List<@NonNull String> affectedMilestoneIds;
    @Id
    public List<@NonNull String> affectedKpiIds;
    @Id
    public List<@NonNull String> affectedCommitmentIds;
}
