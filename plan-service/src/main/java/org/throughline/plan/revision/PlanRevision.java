package org.throughline.plan.revision;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.PlanItemKind;
import org.throughline.subgraph.RevisionRecord;

/**
 * One immutable change to an initiative, workstream or milestone: who, when, why, which fields went from what to
 * what, and the item's whole state afterwards. The database refuses to update or delete revisions.
 */
@Entity
@Table(name = "plan_revision")
@Description("One change to a plan item: who made it, when, why (required for re-baselining, putting on hold, "
        + "retiring, descoping and unusual gate moves), and the values before and after.")
public class PlanRevision extends RevisionRecord {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "plan_revision_seq")
    @SequenceGenerator(name = "plan_revision_seq", sequenceName = "plan_revision_seq", allocationSize = 50)
    @Ignore
    public Long id;

    @NonNull
    @Enumerated(EnumType.STRING)
    @Column(name = "item_kind", updatable = false)
    public PlanItemKind itemKind;

    @NonNull
    @Id
    @Column(name = "item_id", updatable = false)
    public Long itemId;

    @Ignore
    @Column(name = "initiative_id", updatable = false)
    public Long initiativeId;
}
