package org.throughline.plan.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.throughline.plan.Milestone;
import org.throughline.subgraph.FieldChange;

import java.time.OffsetDateTime;
import java.util.List;

/** A change to a milestone, as a subscriber receives it. */
@Type("MilestoneEvent")
@Description("A milestone made or changed, at the moment it happened: the fields that changed, who changed them and "
        + "why, and the milestone as it stands after the change.")
public class MilestoneEvent {

    /** What happened to the milestone. */
    public enum Change {
        CREATED, CHANGED
    }

    @NonNull
    public Change change;

    @NonNull
    public Milestone milestone;

    @NonNull
    @Description("The fields the change touched, each with its value before and after.")
    public List<@NonNull FieldChange> changes;

    @NonNull
    @Description("The user id of whoever made the change.")
    public String changedBy;

    @Description("Why, in the words of whoever made the change.")
    public String reason;

    @NonNull
    @Description("When the change was recorded.")
    public OffsetDateTime at;

    @NonNull
    @Description("Where the change stands in plan-service's event feed.")
    public String position;
}
