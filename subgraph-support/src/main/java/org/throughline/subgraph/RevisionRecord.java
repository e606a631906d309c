package org.throughline.subgraph;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/**
 * One immutable change to an item a service keeps the history of: who, when, why, which fields went from what to
 * what, and the item's whole state afterwards. Each service's revision entity adds its key and what the revision
 * belongs to; its table refuses updates and deletes.
 */
@MappedSuperclass
public abstract class RevisionRecord extends PanacheEntityBase {

    @NonNull
    @Description("The version of the item this change produced; 0 is its making.")
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

    @Description("Why, in the words of whoever made the change; the type says which changes require it.")
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

    /** The field changes, decoded once when the revision is read. */
    @Ignore
    @Transient
    public List<FieldChange> fieldChanges;

    @NonNull
    @Description("The fields the change touched, each with its value before and after.")
    public List<@NonNull FieldChange> getChanges() {
        return fieldChanges;
    }

    /** The revisions as read, each with its stored field changes decoded once. */
    public static <R extends RevisionRecord> List<R> decoded(ObjectMapper json, List<R> revisions) {
        revisions.forEach(revision -> revision.fieldChanges = StoredJson.changes(json, revision.changesJson));
        return revisions;
    }

    /** Takes what {@link ChangeRecorder} says the change was; the caller persists the revision. */
    public void take(ChangeRecorder.Recorded recorded, String reason) {
        this.version = recorded.version();
        this.changedAt = recorded.changedAt();
        this.changedBy = recorded.changedBy();
        this.reason = reason;
        this.fieldChanges = recorded.changes();
        this.changesJson = recorded.changesJson();
        this.stateJson = recorded.stateJson();
    }
}
