package org.throughline.governance.signal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.PlanFacts;
import org.throughline.governance.client.Upstream;
import org.throughline.governance.client.UpstreamUnavailableException;
import org.throughline.governance.reference.Initiative;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;
import org.throughline.governance.service.CommitmentService;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.EntityIds;
import org.throughline.subgraph.Inputs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads signal episodes: by filter, most severe first, and the open ones of many items at once. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SignalService {

    @Inject
    Upstream upstream;

    @Inject
    CommitmentService commitments;

    /** Most severe first; among equals, the latest raised first. */
    static final Comparator<Signal> MOST_SEVERE_FIRST = Comparator.comparing((Signal signal) -> signal.severity)
            .thenComparing(signal -> signal.raisedAt, Comparator.reverseOrder())
            .thenComparing(signal -> signal.id, Comparator.reverseOrder());

    /**
     * The signals the filter lets through, most severe first, a page at a time: the first {@code first} (200 when not
     * given) after the signal whose id is {@code after}, in that order, so that every open signal of a large tenant
     * can be read and a page costs the same however many there are (one statement, two with {@code after}).
     */
    public List<Signal> signals(SignalFilter filter, Integer first, String after) throws BadInputException {
        SignalFilter given = filter == null ? new SignalFilter() : filter;
        int limit = first == null ? 200 : Inputs.range("first", first, 1, 1000);
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (given.openOnly == null || given.openOnly) {
            conditions.add("clearedAt is null");
        }
        if (given.kinds != null && !given.kinds.isEmpty()) {
            conditions.add("kind in :kinds");
            parameters.put("kinds", given.kinds);
        }
        if (given.severities != null && !given.severities.isEmpty()) {
            conditions.add("severity in :severities");
            parameters.put("severities", given.severities);
        }
        if (given.initiativeId != null) {
            conditions.add("initiativeId = :initiative");
            parameters.put("initiative", Inputs.canonicalId("filter.initiativeId", given.initiativeId));
        }
        // Severity is an enum stored as text: its declaration order is the order of urgency, ranked here so that the
        // database sorts and limits (the episodes are never deleted), in the order of MOST_SEVERE_FIRST.
        StringBuilder rank = new StringBuilder("(case");
        for (Severity severity : Severity.values()) {
            rank.append(" when severity = :severity").append(severity.ordinal()).append(" then ").append(severity.ordinal());
            parameters.put("severity" + severity.ordinal(), severity);
        }
        rank.append(" end)");
        if (after != null) {
            Signal last = Signal.<Signal>findByIdOptional(Inputs.id("after", after)).orElseThrow(() ->
                    new BadInputException("after", "names no signal: give the id of the last signal of a page"));
            // After the last one in the order of the list: less severe, or as severe and raised earlier, or raised
            // at the same instant with a smaller id.
            conditions.add("(" + rank + " > :afterRank or (" + rank + " = :afterRank and (raisedAt < :afterRaised"
                    + " or (raisedAt = :afterRaised and id < :afterId))))");
            parameters.put("afterRank", last.severity.ordinal());
            parameters.put("afterRaised", last.raisedAt);
            parameters.put("afterId", last.id);
        }
        String where = conditions.isEmpty() ? "" : String.join(" and ", conditions) + " ";
        return Signal.<Signal>find(where + "order by " + rank + ", raisedAt desc, id desc", parameters)
                .range(0, limit - 1).list();
    }

    public List<List<Signal>> openOfMilestones(List<Milestone> milestones) {
        return open("milestoneId", milestones.stream().map(m -> EntityIds.canonical(m.id)).toList(),
                signal -> signal.milestoneId);
    }

    public List<List<Signal>> openOfKpis(List<Kpi> kpis) {
        return open("kpiId", kpis.stream().map(k -> EntityIds.canonical(k.id)).toList(), signal -> signal.kpiId);
    }

    /**
     * The open signals of each initiative: those about it, its milestones and their commitments, and those about a
     * KPI that a commitment of one of its milestones is tethered to. Which milestones are an initiative's is plan's to
     * say (or, while plan-service cannot answer, what governance last read of it): one read of plan-service per batch, then one query of the commitments and one of the signals.
     */
    public List<List<Signal>> openOfInitiatives(List<Initiative> initiatives) throws UpstreamUnavailableException {
        List<String> ids = initiatives.stream().map(initiative -> EntityIds.canonical(initiative.id)).toList();
        Map<String, PlanFacts.Initiative> found = upstream.knownInitiatives(ids.stream().distinct().toList()).facts();
        Map<String, List<String>> milestonesOf = new HashMap<>();
        found.forEach((id, initiative) -> milestonesOf.put(id, initiative.milestones == null ? List.of()
                : initiative.milestones.stream().map(milestone -> milestone.id).toList()));
        Map<String, List<OutcomeCommitment>> tethersOf = commitments.activeOfMilestones(milestonesOf.values().stream()
                        .flatMap(List::stream).distinct().toList()).stream()
                .collect(Collectors.groupingBy(commitment -> commitment.milestoneId));
        return openOfInitiatives(ids, ids.stream().map(id -> milestonesOf.getOrDefault(id, List.of()).stream()
                .flatMap(milestone -> tethersOf.getOrDefault(milestone, List.of()).stream())
                .map(commitment -> commitment.kpiId).collect(Collectors.toSet())).toList());
    }

    /**
     * The open signals of each initiative (canonical ids), given the KPIs its milestones are tethered to, in the order
     * of the ids: one query. A signal about a KPI is the initiative's when the KPI is tethered to it, however many of
     * its milestones the KPI is tethered to, and a signal that names the initiative and a tethered KPI is listed once.
     */
    public List<List<Signal>> openOfInitiatives(List<String> initiativeIds, List<Set<String>> tetheredKpis) {
        if (initiativeIds.isEmpty()) {
            return List.of();
        }
        Set<String> kpis = new HashSet<>();
        tetheredKpis.forEach(kpis::addAll);
        List<Signal> open = (kpis.isEmpty()
                ? Signal.<Signal>list("clearedAt is null and initiativeId in ?1", initiativeIds)
                : Signal.<Signal>list("clearedAt is null and (initiativeId in ?1 or (subjectType = ?2 and kpiId in ?3))",
                        initiativeIds, SubjectType.KPI, kpis))
                .stream().sorted(MOST_SEVERE_FIRST).toList();
        List<List<Signal>> ofEach = new ArrayList<>();
        for (int i = 0; i < initiativeIds.size(); i++) {
            String initiative = initiativeIds.get(i);
            Set<String> tethered = tetheredKpis.get(i);
            ofEach.add(open.stream().filter(signal -> initiative.equals(signal.initiativeId)
                    || signal.subjectType == SubjectType.KPI && tethered.contains(signal.kpiId)).toList());
        }
        return ofEach;
    }

    private static List<List<Signal>> open(String field, List<String> keys, Function<Signal, String> keyOf) {
        return BatchedLoad.childrenOf(keys, found -> Signal.<Signal>list("clearedAt is null and " + field + " in ?1",
                        found).stream().sorted(MOST_SEVERE_FIRST).toList(), keyOf);
    }
}
