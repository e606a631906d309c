package org.throughline.governance.signoff;

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
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;
import org.throughline.governance.reference.Person;

import java.time.OffsetDateTime;

/** The KPI's accountable owner confirms that the milestone's delivery had the effect its commitment promised. */
@Entity
@Table(name = "effect_sign_off")
@Description("The KPI owner's sign-off of the effect a delivered milestone had on the KPI; kept as given.")
public class EffectSignOff extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    @Ignore
    @Column(name = "commitment_id", updatable = false)
    public Long commitmentId;

    @NonNull
    @Description("The version of the commitment that was signed off.")
    @Column(name = "commitment_version", updatable = false)
    public int commitmentVersion;

    @Ignore
    @Column(name = "milestone_id", updatable = false)
    public String milestoneId;

    @Ignore
    @Column(name = "kpi_id", updatable = false)
    public String kpiId;

    @Ignore
    @Column(name = "signed_by", updatable = false)
    public String signerId;

    @NonNull
    @Column(name = "signed_at", updatable = false)
    public OffsetDateTime signedAt;

    @NonNull
    @Description("What the KPI owner observed, in their words.")
    @Column(updatable = false)
    public String statement;

    @NonNull
    @Description("The KPI's accountable owner who signed off.")
    public Person getSignedBy() {
        return new Person(signerId);
    }

    @Description("The milestone whose effect was signed off.")
    public Milestone getMilestone() {
        return new Milestone(milestoneId);
    }

    @Description("The KPI the effect was observed on.")
    public Kpi getKpi() {
        return new Kpi(kpiId);
    }
}
