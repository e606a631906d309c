package org.throughline.governance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The tether: when the milestone is delivered, the KPI will reach the expected value by the due date. The committed
 * trajectory runs in a straight line from the KPI's baseline to the expected value on the due date.
 */
@Entity
@Table(name = "outcome_commitment")
@Key(fields = @FieldSet("id"))
@Description("A promise that delivering a milestone moves a KPI to an expected value by a due date.")
public class OutcomeCommitment extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    /** Another service owns the milestone: only its id is kept, in canonical form; GraphQL sees a reference. */
    @Ignore
    @Column(name = "milestone_id", nullable = false, updatable = false)
    public String milestoneId;

    /** Another service owns the KPI: only its id is kept, in canonical form; GraphQL sees a reference. */
    @Ignore
    @Column(name = "kpi_id", nullable = false, updatable = false)
    public String kpiId;

    /** GraphQL speaks Float, so a double; the column stays NUMERIC so the database keeps the decimal as sent. */
    @NonNull
    @Description("The value the KPI will reach by the due date.")
    @JdbcTypeCode(SqlTypes.NUMERIC)
    @Column(name = "expected_value")
    public double expectedValue;

    @NonNull
    @Description("The date by which the KPI will have reached the expected value.")
    @Column(name = "due_date")
    public LocalDate dueDate;

    @NonNull
    @Description("The day the commitment was agreed; the due date is on or after it.")
    @Column(name = "agreed_on", updatable = false)
    public LocalDate agreedOn;

    @NonNull
    @Description("Why delivering the milestone is expected to move the KPI.")
    public String rationale;

    @NonNull
    @Description("The user id of the one person accountable for the outcome.")
    @Column(name = "accountable_owner")
    public String accountableOwner;

    @NonNull
    @Description("ACTIVE until withdrawn; a withdrawn commitment stays in the record.")
    @Enumerated(EnumType.STRING)
    public CommitmentStatus status = CommitmentStatus.ACTIVE;

    @Description("When the commitment was withdrawn.")
    @Column(name = "withdrawn_at")
    public OffsetDateTime withdrawnAt;

    @Ignore
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @NonNull
    @Version
    @Description("Amendments and withdrawals name the version they were based on; a stale one is refused.")
    public int version;

    /** Nullable: when plan-service cannot answer, the commitment is still shown, with an error at this field. */
    @Description("The milestone whose delivery is expected to move the KPI.")
    public Milestone getMilestone() {
        return new Milestone(milestoneId);
    }

    /** Nullable: when kpi-service cannot answer, the commitment is still shown, with an error at this field. */
    @Description("The KPI the milestone is expected to move.")
    public Kpi getKpi() {
        return new Kpi(kpiId);
    }

    /** Everything a revision records of a commitment. */
    public record State(Long id, String milestoneId, String kpiId, double expectedValue, LocalDate agreedOn,
                        LocalDate dueDate, String rationale, String accountableOwner, CommitmentStatus status) {
    }

    public State state() {
        return new State(id, milestoneId, kpiId, expectedValue, agreedOn, dueDate, rationale, accountableOwner, status);
    }
}
