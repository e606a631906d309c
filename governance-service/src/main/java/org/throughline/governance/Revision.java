package org.throughline.governance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.throughline.subgraph.ChangeRecorder;
import org.throughline.subgraph.FieldChange;

import java.time.Instant;
import java.util.List;

/** One immutable change to an item governance keeps the history of; the database refuses edits of its rows. */
@MappedSuperclass
public abstract class Revision extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Ignore
    public Long id;

    @NonNull
    @Description("The version of the item this change produced; 0 is its making.")
    @Column(updatable = false)
    public int version;

    @NonNull
    @Column(name = "changed_at", updatable = false)
    public Instant changedAt;

    @NonNull
    @Column(name = "changed_by", updatable = false)
    public String changedBy;

    @Description("Why, in the words of who made the change.")
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

    /** Takes what the recorder says the change was, and persists the revision. */
    public void persist(ChangeRecorder.Recorded recorded, String reason) {
        this.version = recorded.version();
        this.changedAt = recorded.changedAt();
        this.changedBy = recorded.changedBy();
        this.reason = reason;
        this.fieldChanges = recorded.changes();
        this.changesJson = recorded.changesJson();
        this.stateJson = recorded.stateJson();
        persist();
    }
}
