package org.throughline.governance.outcome;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.Freshness;
import org.throughline.governance.client.KpiFacts;
import org.throughline.governance.client.Known;
import org.throughline.governance.client.PlanFacts;
import org.throughline.governance.client.Upstream;
import org.throughline.governance.client.UpstreamUnavailableException;
import org.throughline.governance.reference.Initiative;
import org.throughline.governance.reference.Milestone;
import org.throughline.governance.reference.Workstream;
import org.throughline.governance.service.CommitmentService;
import org.throughline.subgraph.EntityIds;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Outcome deltas and their roll-ups, from kpi-service's live analytics: one request to kpi-service (and, for
 * workstreams and initiatives, one to plan-service) per batch, whatever its size. A figure is live; when a service
 * cannot answer, it is computed from what governance last read of it and marked so, or, where governance never read
 * what it needs, an error.
 */
@ApplicationScoped
public class OutcomeService {

    @Inject
    Upstream upstream;

    @Inject
    CommitmentService commitments;

    /** The outcome delta of each commitment, in the given order; null where its KPI is unknown. */
    public List<OutcomeDelta> deltasOf(List<OutcomeCommitment> batch) throws UpstreamUnavailableException {
        Known<Map<String, KpiFacts.Kpi>> kpis = upstream.knownKpis(batch.stream().map(c -> c.kpiId).distinct().toList());
        return deltasOf(batch, kpis.facts()).stream()
                .map(delta -> delta == null ? null : delta.from(kpis.freshness())).toList();
    }

    /** The outcome delta of each commitment from KPIs already read, in the given order; null where its KPI is absent. */
    public static List<OutcomeDelta> deltasOf(List<OutcomeCommitment> batch, Map<String, KpiFacts.Kpi> kpis) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return batch.stream().map(commitment -> {
            KpiFacts.Kpi kpi = kpis.get(commitment.kpiId);
            return kpi == null ? null : OutcomeCalculator.delta(commitment, position(kpi), today);
        }).toList();
    }

    public List<OutcomeRealisation> realisationOfMilestones(List<Milestone> milestones)
            throws UpstreamUnavailableException {
        return realisation(milestones.stream().map(milestone -> List.of(EntityIds.canonical(milestone.id)))
                .toList(), null);
    }

    public List<OutcomeRealisation> realisationOfWorkstreams(List<Workstream> workstreams)
            throws UpstreamUnavailableException {
        Known<Map<String, PlanFacts.Workstream>> found = upstream.knownWorkstreams(ids(workstreams, w -> w.id));
        return realisation(workstreams.stream().map(w -> milestoneIds(found.facts().get(w.id) == null ? null
                : found.facts().get(w.id).milestones)).toList(), found.freshness());
    }

    public List<OutcomeRealisation> realisationOfInitiatives(List<Initiative> initiatives)
            throws UpstreamUnavailableException {
        Known<Map<String, PlanFacts.Initiative>> found = upstream.knownInitiatives(ids(initiatives, i -> i.id));
        return realisation(initiatives.stream().map(i -> milestoneIds(found.facts().get(i.id) == null ? null
                : found.facts().get(i.id).milestones)).toList(), found.freshness());
    }

    /**
     * For each group of milestones, the realisation of all their active commitments together, as fresh as the KPIs
     * read and the plan facts that made the groups (null when the groups are the milestones asked for).
     */
    private List<OutcomeRealisation> realisation(List<List<String>> milestoneGroups, Freshness groups)
            throws UpstreamUnavailableException {
        List<String> all = milestoneGroups.stream().flatMap(List::stream).distinct().toList();
        List<OutcomeCommitment> tethered = commitments.activeOfMilestones(all);
        Map<String, List<OutcomeCommitment>> byMilestone = tethered.stream()
                .collect(Collectors.groupingBy(commitment -> commitment.milestoneId));
        Known<Map<String, KpiFacts.Kpi>> kpis = upstream.knownKpis(tethered.stream().map(c -> c.kpiId).distinct()
                .toList());
        List<OutcomeDelta> deltas = deltasOf(tethered, kpis.facts());
        Map<Long, OutcomeDelta> deltaOf = new HashMap<>();
        for (int i = 0; i < tethered.size(); i++) {
            deltaOf.put(tethered.get(i).id, deltas.get(i));
        }
        Freshness facts = groups == null ? kpis.freshness() : groups.and(kpis.freshness());
        return milestoneGroups.stream().map(group -> OutcomeRealisation.of(group.stream()
                .flatMap(milestone -> byMilestone.getOrDefault(milestone, List.of()).stream())
                .map(commitment -> deltaOf.get(commitment.id)).filter(java.util.Objects::nonNull).toList(), facts))
                .toList();
    }

    /** Where the KPI stands for the calculator: its baseline and, once measured, its current value. */
    public static OutcomeCalculator.KpiPosition position(KpiFacts.Kpi kpi) {
        return new OutcomeCalculator.KpiPosition(kpi.baselineValue, kpi.baselineDate,
                kpi.analytics == null ? null : kpi.analytics.currentValue,
                kpi.analytics == null ? null : kpi.analytics.observedAt);
    }

    private static List<String> milestoneIds(List<PlanFacts.Reference> milestones) {
        return milestones == null ? List.of() : milestones.stream().map(reference -> reference.id).toList();
    }

    private static <T> Collection<String> ids(List<T> items, Function<T, String> idOf) {
        return items.stream().map(idOf).distinct().toList();
    }
}
