package org.throughline.governance.review;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.throughline.governance.outcome.OutcomeDelta;
import org.throughline.governance.outcome.OutcomeRealisation;
import org.throughline.governance.signal.Severity;
import org.throughline.governance.signal.SignalKind;
import org.throughline.governance.signal.SubjectType;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The figures of an initiative as they were when its review was published: plain values, frozen, never references
 * to the live items (which would answer with today's figures).
 */
@Type("ReviewSnapshot")
@Description("The initiative's figures as they stood when the review was published, frozen: milestones, commitments "
        + "with their outcome deltas, KPI values and statuses, open signals, and the actions as assigned. Ids name "
        + "the items, whose live state the rest of the graph answers.")
public record ReviewSnapshot(
        @NonNull @Description("When the figures were read.") OffsetDateTime takenAt,
        @NonNull Initiative initiative,
        @NonNull List<@NonNull Milestone> milestones,
        @NonNull List<@NonNull Commitment> commitments,
        @NonNull List<@NonNull Kpi> kpis,
        @NonNull @Description("The open signals of the initiative, most severe first.") List<@NonNull Signal> signals,
        @NonNull @Description("The actions as they were assigned.") List<@NonNull Action> actions,
        @NonNull @Description("The realisation of the initiative's active commitments.") OutcomeRealisation outcomeRealisation) {

    @Type("SnapshotInitiative")
    public record Initiative(@NonNull @Id String id, @NonNull String name, @NonNull String status,
                             @NonNull String accountableOwner) {
    }

    @Type("SnapshotMilestone")
    public record Milestone(@NonNull @Id String id, @NonNull String title, @Id String workstreamId,
                            @NonNull String deliveryStatus, @NonNull String health, @NonNull String stageGate,
                            @NonNull LocalDate baselineFinish, LocalDate forecastFinish, @NonNull int slippageDays,
                            @NonNull String accountableOwner) {
    }

    @Type("SnapshotCommitment")
    public record Commitment(@NonNull @Id String id, @NonNull @Id String milestoneId, @NonNull @Id String kpiId,
                             @NonNull double expectedValue, @NonNull LocalDate dueDate,
                             @NonNull String accountableOwner, OutcomeDelta outcome) {
    }

    @Type("SnapshotKpi")
    public record Kpi(@NonNull @Id String id, @NonNull String name, @NonNull String unit,
                      @NonNull String accountableOwner, Double currentValue, LocalDate observedAt, String status) {
    }

    @Type("SnapshotSignal")
    public record Signal(@NonNull @Id String id, @NonNull SignalKind kind, @NonNull Severity severity,
                         @NonNull SubjectType subjectType, @NonNull @Id String subjectId, @NonNull String message,
                         @NonNull OffsetDateTime raisedAt) {
    }

    @Type("SnapshotAction")
    public record Action(@NonNull @Id String id, @NonNull String title, @NonNull String accountableOwner,
                         @NonNull LocalDate dueOn, @NonNull ActionStatus status) {
    }
}
