package org.throughline.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

/** What every initiative, workstream and milestone has: one accountable owner, a version, and an instant when rebuilt. */
@MappedSuperclass
public abstract class PlanItemEntity extends PanacheEntityBase implements PlanItem {

    @NonNull
    @Description("The user id of the one person accountable for it.")
    @Column(name = "accountable_owner")
    public String accountableOwner;

    @NonNull
    @Version
    @Description("Changes name the version they were based on; a stale version is refused.")
    public int version;

    /** Null for the live item; the instant it was rebuilt for when read as of the past. */
    @Ignore
    @Transient
    public Instant asOf;

    /** Marks the item as rebuilt from a revision: the version it had then, the instant it answers for. */
    protected void rebuiltAt(int version, Instant asOf) {
        this.version = version;
        this.asOf = asOf;
    }

    @Override
    public int currentVersion() {
        return version;
    }

    @Override
    public Instant asOf() {
        return asOf;
    }
}
