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
import jakarta.persistence.Transient;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A technical deliverable of a workstream, with its baseline, forecast and actual finish and its stage gate. */
@Entity
@Key(fields = @FieldSet("id"))
@Description("A technical deliverable of a workstream.")
public class Milestone extends PlanItemEntity {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "milestone_seq")
    @SequenceGenerator(name = "milestone_seq", sequenceName = "milestone_seq", allocationSize = 50)
    @Id
    @NonNull
    public Long id;

    /** Initiative and workstream are served through batched field resolvers, not lazy associations. */
    @Ignore
    @Column(name = "initiative_id", nullable = false, updatable = false)
    public Long initiativeId;

    @Ignore
    @Column(name = "workstream_id", nullable = false)
    public Long workstreamId;

    @Description("The key the plan's spreadsheet gives the milestone, unique within the initiative.")
    @Column(name = "external_key")
    public String externalKey;

    @NonNull
    public String title;

    @Description("What the milestone delivers, and what it does not.")
    public String scope;

    @NonNull
    @Description("The finish date as approved; changing it is a re-baselining and needs a reason.")
    @Column(name = "baseline_finish")
    public LocalDate baselineFinish;

    @NonNull
    @Description("The finish date the delivery team forecasts.")
    @Column(name = "forecast_finish")
    public LocalDate forecastFinish;

    @Description("The day the milestone was delivered; set exactly when it is DELIVERED.")
    @Column(name = "actual_finish")
    public LocalDate actualFinish;

    @NonNull
    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status")
    public DeliveryStatus deliveryStatus = DeliveryStatus.NOT_STARTED;

    @NonNull
    @Description("The delivery team's self-reported health; the platform checks it against the KPIs.")
    @Enumerated(EnumType.STRING)
    public Health health = Health.GREEN;

    @NonNull
    @Description("The degree of implementation.")
    @Enumerated(EnumType.STRING)
    @Column(name = "stage_gate")
    public StageGate stageGate = StageGate.IDENTIFIED;

    /**
     * The ids of the milestones this one depends on, sorted. Rebuilt milestones carry them from their revision; for a
     * live milestone the change service loads them before it records a revision.
     */
    @Ignore
    @Transient
    public List<Long> dependsOnIds;

    /** Everything a revision records of a milestone. */
    public record State(Long id, Long initiativeId, Long workstreamId, String externalKey, String title, String scope,
                        LocalDate baselineFinish, LocalDate forecastFinish, LocalDate actualFinish,
                        DeliveryStatus deliveryStatus, Health health, StageGate stageGate, String accountableOwner,
                        List<Long> dependsOn) {
    }

    @Override
    public State state() {
        if (dependsOnIds == null) {
            throw new IllegalStateException("milestone " + id + ": dependencies not loaded before taking its state");
        }
        return new State(id, initiativeId, workstreamId, externalKey, title, scope, baselineFinish, forecastFinish,
                actualFinish, deliveryStatus, health, stageGate, accountableOwner, List.copyOf(dependsOnIds));
    }

    /** The milestone as a revision recorded it, detached from the database. */
    public static Milestone rebuilt(State state, int version, Instant asOf) {
        Milestone milestone = new Milestone();
        milestone.id = state.id();
        milestone.initiativeId = state.initiativeId();
        milestone.workstreamId = state.workstreamId();
        milestone.externalKey = state.externalKey();
        milestone.title = state.title();
        milestone.scope = state.scope();
        milestone.baselineFinish = state.baselineFinish();
        milestone.forecastFinish = state.forecastFinish();
        milestone.actualFinish = state.actualFinish();
        milestone.deliveryStatus = state.deliveryStatus();
        milestone.health = state.health();
        milestone.stageGate = state.stageGate();
        milestone.accountableOwner = state.accountableOwner();
        milestone.dependsOnIds = state.dependsOn() == null ? List.of() : List.copyOf(state.dependsOn());
        milestone.rebuiltAt(version, asOf);
        return milestone;
    }

    @NonNull
    @Description("Days the milestone finished, or will finish, after its baseline; negative when ahead. A milestone "
            + "that is neither delivered nor descoped and whose forecast has passed is slipping up to today.")
    public int getSlippageDays() {
        LocalDate finish = switch (deliveryStatus) {
            case DELIVERED -> actualFinish;
            case DESCOPED -> forecastFinish;
            default -> forecastFinish.isBefore(today()) ? today() : forecastFinish;
        };
        return (int) ChronoUnit.DAYS.between(baselineFinish, finish);
    }

    /** The day slippage is measured on: today, or the day of the instant the milestone was rebuilt for. */
    private LocalDate today() {
        return asOf == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.ofInstant(asOf, ZoneOffset.UTC);
    }

    @Override
    public PlanItemKind itemKind() {
        return PlanItemKind.MILESTONE;
    }

    @Override
    public Long itemId() {
        return id;
    }

    @Override
    public Long initiativeKey() {
        return initiativeId;
    }
}
