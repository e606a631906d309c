package org.throughline.plan;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.SequenceGenerator;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

/** A transformation programme ("Cloud ERP migration"), the root of a plan. */
@Entity
@Key(fields = @FieldSet("id"))
@Description("A transformation programme, such as a cloud ERP migration. It is never completed: it is ACTIVE, ON_HOLD or RETIRED.")
public class Initiative extends PlanItemEntity {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "initiative_seq")
    @SequenceGenerator(name = "initiative_seq", sequenceName = "initiative_seq", allocationSize = 50)
    @Id
    @NonNull
    public Long id;

    @NonNull
    public String name;

    @Description("The business outcome the programme exists for.")
    public String objective;

    @Description("The user id of the executive who sponsors the programme.")
    public String sponsor;

    @NonNull
    @Description("Days between governance reviews of the programme.")
    @Column(name = "review_cadence_days")
    public int reviewCadenceDays;

    @NonNull
    @Description("Days a milestone may slip past its baseline before the slippage is raised as a signal.")
    @Column(name = "slippage_tolerance_days")
    public int slippageToleranceDays;

    @NonNull
    @Enumerated(EnumType.STRING)
    public InitiativeStatus status = InitiativeStatus.ACTIVE;

    /** Everything a revision records of an initiative. */
    public record State(Long id, String name, String objective, String sponsor, String accountableOwner,
                        int reviewCadenceDays, int slippageToleranceDays, InitiativeStatus status) {
    }

    @Override
    public State state() {
        return new State(id, name, objective, sponsor, accountableOwner, reviewCadenceDays, slippageToleranceDays,
                status);
    }

    /** The initiative as a revision recorded it, detached from the database. */
    public static Initiative rebuilt(State state, int version, Instant asOf) {
        Initiative initiative = new Initiative();
        initiative.id = state.id();
        initiative.name = state.name();
        initiative.objective = state.objective();
        initiative.sponsor = state.sponsor();
        initiative.accountableOwner = state.accountableOwner();
        initiative.reviewCadenceDays = state.reviewCadenceDays();
        initiative.slippageToleranceDays = state.slippageToleranceDays();
        initiative.status = state.status();
        initiative.rebuiltAt(version, asOf);
        return initiative;
    }

    @Override
    public PlanItemKind itemKind() {
        return PlanItemKind.INITIATIVE;
    }

    @Override
    public Long itemId() {
        return id;
    }

    @Override
    public Long initiativeKey() {
        return id;
    }
}
