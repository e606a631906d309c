package org.throughline.governance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.throughline.subgraph.FieldChange;

import java.time.Instant;
import java.util.List;

/** One immutable change to a commitment: its making, an amendment, its withdrawal; the database refuses edits. */
@Entity
@Table(name = "commitment_revision")
@Description("One change to an outcome commitment: who made it, when, why, and the values before and after.")
public class CommitmentRevision extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Ignore
    public Long id;

    @Ignore
    @Column(name = "commitment_id", updatable = false)
    public Long commitmentId;

    @NonNull
    @Description("The version of the commitment this change produced; 0 is its making.")
    @Column(updatable = false)
    public int version;

    @NonNull
    @Column(name = "changed_at", updatable = false)
    public Instant changedAt;

    @NonNull
    @Column(name = "changed_by", updatable = false)
    public String changedBy;

    @Description("Why: required for amending and withdrawing.")
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

    @Ignore
    @Transient
    public List<FieldChange> fieldChanges;

    @NonNull
    @Description("The fields the change touched, each with its value before and after.")
    public List<@NonNull FieldChange> getChanges() {
        return fieldChanges;
    }
}
