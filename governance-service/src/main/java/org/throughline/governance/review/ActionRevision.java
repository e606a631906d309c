package org.throughline.governance.review;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.throughline.governance.Revision;

/** One immutable change to a review action: its assignment, a handover, a new due date, progress. */
@Entity
@Table(name = "review_action_revision")
@Description("One change to a review action: who made it, when, why, and the values before and after.")
public class ActionRevision extends Revision {

    @Ignore
    @Column(name = "action_id", updatable = false)
    public Long actionId;
}
