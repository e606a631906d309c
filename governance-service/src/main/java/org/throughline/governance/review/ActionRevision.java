package org.throughline.governance.review;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.throughline.subgraph.RevisionRecord;

/** One immutable change to a review action: its assignment, a handover, a new due date, progress. */
@Entity
@Table(name = "review_action_revision")
@Description("One change to a review action: who made it, when, why, and the values before and after.")
public class ActionRevision extends RevisionRecord {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Ignore
    public Long id;


    @Ignore
    @Column(name = "action_id", updatable = false)
    public Long actionId;
}
