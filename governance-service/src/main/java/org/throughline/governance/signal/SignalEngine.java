package org.throughline.governance.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.governance.CommitmentStatus;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.KpiFacts;
import org.throughline.governance.client.PlanFacts;
import org.throughline.governance.client.FollowedFeeds;
import org.throughline.governance.client.KnownFacts;
import org.throughline.governance.client.Upstream;
import org.throughline.governance.client.UpstreamUnavailableException;
import org.throughline.governance.notify.AccountableOwners;
import org.throughline.governance.notify.NotificationPlanner;
import org.throughline.subgraph.DatabaseClock;
import org.throughline.subgraph.events.FeedPosition;
import org.throughline.subgraph.events.Outbox;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the signals: reads the plan and the KPIs live (completely, or on events only the items they touched, the
 * rest as last read), applies the rules, and reconciles what holds with the open
 * episodes: a condition that starts holding is raised, one that stops holding is cleared, one that still holds stays
 * open with its figures updated; each is an event in the outbox (SignalRaised, SignalCleared, SignalChanged). When a
 * service cannot answer, nothing is raised or cleared: absent data is not evidence that a condition stopped. It runs
 * on the events that can change a signal ({@link SignalTrigger}), on demand, and on a timer as the safety net.
 */
@ApplicationScoped
public class SignalEngine {

    /** One evaluation at a time, across every governance instance. */
    private static final long EVALUATION_LOCK = 0x7369676e616c73L;

    @Inject
    Upstream upstream;

    @Inject
    EntityManager entityManager;

    @Inject
    SignalConfig config;

    @Inject
    Outbox outbox;

    @Inject
    FollowedFeeds feeds;

    @Inject
    KnownFacts known;

    @Inject
    MeterRegistry meters;

    @Inject
    NotificationPlanner notifications;

    @Scheduled(every = "${throughline.governance.signals.every:5m}", delayed = "${throughline.governance.signals.delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            SignalEvaluation evaluation = evaluate();
            Log.debugf("signals evaluated: %d raised, %d cleared, %d open", evaluation.raised(), evaluation.cleared(),
                    evaluation.open());
        } catch (UpstreamUnavailableException e) {
            Log.warnf("signals not evaluated: %s", e.getMessage());
        }
    }

    /** Evaluates from a complete read of the plan and the KPIs. */
    @Transactional(rollbackOn = Exception.class, dontRollbackOn = UpstreamUnavailableException.class)
    public SignalEvaluation evaluate() throws UpstreamUnavailableException {
        return evaluate(Map.of(), null);
    }

    /**
     * Evaluates, reading again from plan-service and kpi-service only the initiative, the milestones and the KPIs
     * given, the rest as governance last read it (all of it when it never read a service completely). A review's
     * publication asks for this: its snapshot shows the initiative's signals as they are now, and a complete read of
     * a large tenant, which {@link #evaluate()} makes, costs seconds for items the review does not show.
     */
    @Transactional(rollbackOn = Exception.class, dontRollbackOn = UpstreamUnavailableException.class)
    public SignalEvaluation evaluateAround(String initiativeId, Collection<String> milestoneIds,
                                          Collection<String> kpiIds) throws UpstreamUnavailableException {
        Touched items = new Touched();
        items.initiatives.add(initiativeId);
        items.milestones.addAll(milestoneIds);
        items.kpis.addAll(kpiIds);
        return evaluate(Map.of(), items);
    }

    /**
     * Evaluates, and records in the same transaction how far this evaluation has followed each upstream feed: the
     * events up to those positions are reflected in what it read, so a restarted governance resumes after them. Only
     * the items the events touched are read again from their services (all of them when {@code touched} is null or
     * asks for everything, or when governance never read a service completely); the rest is what governance knows.
     */
    @Transactional(rollbackOn = Exception.class, dontRollbackOn = UpstreamUnavailableException.class)
    SignalEvaluation evaluate(Map<String, FeedPosition> followed, Touched touched)
            throws UpstreamUnavailableException {
        // The lock before the reads: an evaluation that read before a change must not commit after one that read
        // after it, or it would undo what the later one saw (and the change's event, acted on, asks for no other).
        entityManager.createNativeQuery("select pg_advisory_xact_lock(:key)").setParameter("key", EVALUATION_LOCK)
                .getResultList();
        // Each source read is what governance knows of it from now on, even when the other cannot answer: that
        // one's absence then ends the evaluation, and the transaction commits what was read.
        OffsetDateTime readAt = DatabaseClock.now(entityManager).atOffset(ZoneOffset.UTC);
        UpstreamUnavailableException unavailable = null;
        try {
            if (touched == null || touched.everything || known.readAt(Upstream.PLAN).isEmpty()) {
                known.plan(upstream.allInitiatives(), upstream.allMilestones(), readAt);
                read(Upstream.PLAN, "complete");
            } else if (!touched.initiatives.isEmpty() || !touched.milestones.isEmpty()) {
                known.revisePlan(touched.initiatives, upstream.initiativeSummaries(touched.initiatives),
                        touched.milestones, upstream.milestones(touched.milestones));
                read(Upstream.PLAN, "touched");
            }
        } catch (UpstreamUnavailableException e) {
            unavailable = e;
        }
        try {
            if (touched == null || touched.everything || known.readAt(Upstream.KPI).isEmpty()) {
                known.kpis(upstream.allKpis(), readAt);
                read(Upstream.KPI, "complete");
            } else if (!touched.kpis.isEmpty()) {
                known.reviseKpis(touched.kpis, upstream.kpis(touched.kpis));
                read(Upstream.KPI, "touched");
            }
        } catch (UpstreamUnavailableException e) {
            unavailable = unavailable == null ? e : unavailable;
        }
        if (unavailable != null) {
            throw unavailable;
        }
        List<PlanFacts.InitiativeSummary> initiatives = known.allInitiatives();
        List<PlanFacts.Milestone> milestones = known.allMilestones();
        List<KpiFacts.Kpi> kpis = known.allKpis();
        List<OutcomeCommitment> commitments = OutcomeCommitment.list("status", CommitmentStatus.ACTIVE);
        List<Condition> holding = SignalRules.conditions(new SignalFacts(initiatives, milestones, kpis, commitments,
                LocalDate.now(ZoneOffset.UTC), config.staleGraceDays()));

        OffsetDateTime now = readAt;
        Map<String, Signal> open = new HashMap<>();
        Signal.<Signal>list("clearedAt is null").forEach(signal -> open.put(signal.identity(), signal));
        AccountableOwners owners = AccountableOwners.of(initiatives, milestones, kpis, commitments);
        int raised = 0;
        for (Condition condition : holding) {
            Signal episode = open.remove(condition.identity());
            if (episode == null) {
                notifications.signalRaised(raise(condition, now, owners), owners);
                raised++;
            } else if (episode.severity != condition.severity() || !episode.message.equals(condition.message())) {
                episode.severity = condition.severity();
                episode.message = condition.message();
                announce(episode, "SignalChanged", owners);
            }
        }
        for (Signal episode : open.values()) {
            episode.clearedAt = now;
            announce(episode, "SignalCleared", owners);
        }
        followed.forEach((source, position) -> feeds.followed(source, position));
        return new SignalEvaluation(now, raised, open.size(), holding.size());
    }

    /** Counts the reads of a service for the signals: complete, or of the items that events touched. */
    private void read(String service, String scope) {
        meters.counter("throughline.governance.signals.upstream.reads", "service", service, "scope", scope).increment();
    }

    private Signal raise(Condition condition, OffsetDateTime now, AccountableOwners owners) {
        Signal signal = new Signal();
        signal.kind = condition.kind();
        signal.severity = condition.severity();
        signal.subjectType = condition.subjectType();
        signal.subjectId = condition.subjectId();
        signal.initiativeId = condition.initiativeId();
        signal.milestoneId = condition.milestoneId();
        signal.kpiId = condition.kpiId();
        signal.commitmentId = condition.commitmentId();
        signal.message = condition.message();
        signal.raisedAt = now;
        signal.persist();
        announce(signal, "SignalRaised", owners);
        return signal;
    }

    /**
     * The event of an episode raised, changed or cleared, in the outbox, in the evaluation's transaction, with the
     * person accountable for what it is about as the evaluation read them.
     */
    private void announce(Signal signal, String type, AccountableOwners owners) {
        ObjectNode payload = outbox.object().put("signalId", signal.id.toString())
                .put("kind", signal.kind.name()).put("severity", signal.severity.name())
                .put("subjectType", signal.subjectType.name()).put("subjectId", signal.subjectId)
                .put("initiativeId", signal.initiativeId).put("milestoneId", signal.milestoneId)
                .put("kpiId", signal.kpiId)
                .put("commitmentId", signal.commitmentId == null ? null : signal.commitmentId.toString())
                .put("message", signal.message).put("raisedAt", signal.raisedAt.toString())
                .put("clearedAt", signal.clearedAt == null ? null : signal.clearedAt.toString())
                .put("accountableOwner", owners.of(signal).orElse(null));
        owners.initiativesOf(signal).forEach(payload.putArray("initiativeIds")::add);
        outbox.append("Signal", signal.id.toString(), type, payload);
    }
}
