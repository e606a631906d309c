package org.throughline.plan.revision;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.throughline.plan.PlanItemKind;
import org.throughline.subgraph.FieldChange;

import java.time.Instant;
import java.util.List;

/**
 * One immutable change to an initiative, workstream or milestone: who, when, why, which fields went from what to
 * what, and the item's whole state afterwards. The database refuses to update or delete revisions.
 */
@Entity
@Table(name = "plan_revision")
@Description("One change to a plan item: who made it, when, why, and the values before and after.")
public class PlanRevision extends PanacheEntityBase {

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

    @NonNull
    @Description("The version of the item this change produced; 0 is its creation.")
    @Column(updatable = false)
    public int version;

    @NonNull
    @Description("When the change was recorded.")
    @Column(name = "changed_at", updatable = false)
    public Instant changedAt;

    @NonNull
    @Description("The user id of whoever made the change.")
    @Column(name = "changed_by", updatable = false)
    public String changedBy;

    @Description("Why: required for re-baselining, putting on hold, retiring, descoping and unusual gate moves.")
    @Column(updatable = false)
    public String reason;

    @Ignore
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "changes", updatable = false)
    public String changesJson;

    @Ignore
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "state", updatable = false)
    public String stateJson;

    /** The field changes, decoded once by the revision log when the revision is read. */
    @Ignore
    @Transient
    public List<FieldChange> fieldChanges;

    @NonNull
    @Description("The fields the change touched, each with its value before and after.")
    public List<@NonNull FieldChange> getChanges() {
        return fieldChanges;
    }
}
