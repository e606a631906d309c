package org.throughline.governance.review;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;
import org.throughline.governance.reference.Person;

import java.time.OffsetDateTime;
import java.util.List;

/** A trade-off decision taken at a review: what, why, who decided, which items it affects. */
@Entity
@Table(name = "review_decision")
@Description("A trade-off decision taken at a review: what was decided, why, by whom, and the items it affects.")
public class Decision extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    @Ignore
    @Column(name = "review_id", updatable = false)
    public Long reviewId;

    @NonNull
    @Description("What was decided.")
    public String summary;

    @NonNull
    @Description("Why: the trade-off, in words.")
    public String rationale;

    @Ignore
    @Column(name = "decided_by")
    public String decidedById;

    @Ignore
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "affected_milestone_ids")
    public List<String> affectedMilestoneIds;

    @Ignore
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "affected_kpi_ids")
    public List<String> affectedKpiIds;

    @Ignore
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "affected_commitment_ids")
    public List<Long> affectedCommitmentIds;

    @NonNull
    @Description("The user id of who recorded the decision.")
    @Column(name = "recorded_by", updatable = false)
    public String recordedBy;

    @NonNull
    @Column(name = "recorded_at", updatable = false)
    public OffsetDateTime recordedAt;

    @NonNull
    @Description("Who took the decision.")
    public Person getDecidedBy() {
        return new Person(decidedById);
    }

    @NonNull
    @Description("The milestones the decision affects.")
    public List<@NonNull Milestone> getAffectedMilestones() {
        return affectedMilestoneIds.stream().map(Milestone::new).toList();
    }

    @NonNull
    @Description("The KPIs the decision affects.")
    public List<@NonNull Kpi> getAffectedKpis() {
        return affectedKpiIds.stream().map(Kpi::new).toList();
    }
}
