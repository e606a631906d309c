package org.throughline.governance.review;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.KpiFacts;
import org.throughline.governance.client.PlanFacts;
import org.throughline.governance.client.Upstream;
import org.throughline.governance.outcome.OutcomeDelta;
import org.throughline.governance.outcome.OutcomeRealisation;
import org.throughline.governance.outcome.OutcomeService;
import org.throughline.governance.service.CommitmentService;
import org.throughline.governance.signal.SignalService;
import org.throughline.subgraph.DatabaseClock;
import org.throughline.subgraph.RejectedInputException;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Takes the snapshot a review freezes: the initiative's milestones from plan-service, its active commitments with
 * their outcome deltas from kpi-service's live values, and its open signals, all read at one moment. When a service
 * cannot answer, there is no snapshot (and so no publishing): a review never freezes half the figures.
 */
@ApplicationScoped
public class ReviewSnapshots {

    @Inject
    Upstream upstream;

    @Inject
    CommitmentService commitments;

    @Inject
    SignalService signals;

    @Inject
    EntityManager entityManager;

    /** The snapshot of the initiative, as plan-service answered it just now, with the review's actions. */
    public ReviewSnapshot take(PlanFacts.Initiative initiative, List<ReviewAction> actions)
            throws RejectedInputException {
        List<String> milestoneIds = initiative.milestones.stream().map(reference -> reference.id).toList();
        Map<String, PlanFacts.Milestone> milestones = upstream.milestones(milestoneIds);
        List<OutcomeCommitment> tethers = commitments.activeOfMilestones(milestoneIds);
        Map<String, KpiFacts.Kpi> kpis = upstream.kpis(tethers.stream().map(c -> c.kpiId).distinct().toList());
        List<OutcomeDelta> deltas = OutcomeService.deltasOf(tethers, kpis);

        List<ReviewSnapshot.Commitment> frozenCommitments = new ArrayList<>();
        for (int i = 0; i < tethers.size(); i++) {
            OutcomeCommitment c = tethers.get(i);
            frozenCommitments.add(new ReviewSnapshot.Commitment(c.id.toString(), c.milestoneId, c.kpiId,
                    c.expectedValue, c.dueDate, c.accountableOwner, deltas.get(i)));
        }
        return new ReviewSnapshot(
                DatabaseClock.now(entityManager).atOffset(ZoneOffset.UTC),
                new ReviewSnapshot.Initiative(initiative.id, initiative.name, initiative.status,
                        initiative.accountableOwner),
                milestoneIds.stream().map(milestones::get).filter(Objects::nonNull).map(m -> new ReviewSnapshot.Milestone(
                        m.id, m.title, m.workstream == null ? null : m.workstream.id, m.deliveryStatus, m.health,
                        m.stageGate, m.baselineFinish, m.forecastFinish, m.slippageDays, m.accountableOwner)).toList(),
                frozenCommitments,
                tethers.stream().map(c -> c.kpiId).distinct().map(kpis::get).filter(Objects::nonNull)
                        .map(k -> new ReviewSnapshot.Kpi(k.id, k.name, k.unit, k.accountableOwner,
                                k.analytics == null ? null : k.analytics.currentValue,
                                k.analytics == null ? null : k.analytics.observedAt,
                                k.analytics == null ? null : k.analytics.status)).toList(),
                signals.openOfInitiatives(List.of(initiative.id),
                                List.of(tethers.stream().map(c -> c.kpiId).collect(Collectors.toSet()))).get(0).stream()
                        .map(s -> new ReviewSnapshot.Signal(s.id.toString(), s.kind, s.severity, s.subjectType,
                                s.subjectId, s.message, s.raisedAt)).toList(),
                actions.stream().map(a -> new ReviewSnapshot.Action(a.id.toString(), a.title, a.accountableOwner,
                        a.dueOn, a.status)).toList(),
                OutcomeRealisation.of(deltas.stream().filter(Objects::nonNull).toList(), null));
    }
}
