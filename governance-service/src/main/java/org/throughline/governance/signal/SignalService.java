package org.throughline.governance.signal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.throughline.governance.reference.Initiative;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.EntityIds;
import org.throughline.subgraph.Inputs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads signal episodes: by filter, most severe first, and the open ones of many items at once. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SignalService {

    /** Most severe first; among equals, the latest raised first. */
    static final Comparator<Signal> MOST_SEVERE_FIRST = Comparator.comparing((Signal signal) -> signal.severity)
            .thenComparing(signal -> signal.raisedAt, Comparator.reverseOrder())
            .thenComparing(signal -> signal.id, Comparator.reverseOrder());

    public List<Signal> signals(SignalFilter filter, Integer first) throws BadInputException {
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
        StringBuilder rank = new StringBuilder("case");
        for (Severity severity : Severity.values()) {
            rank.append(" when severity = :severity").append(severity.ordinal()).append(" then ").append(severity.ordinal());
            parameters.put("severity" + severity.ordinal(), severity);
        }
        String where = conditions.isEmpty() ? "" : String.join(" and ", conditions) + " ";
        return Signal.<Signal>find(where + "order by " + rank + " end, raisedAt desc, id desc", parameters)
                .range(0, limit - 1).list();
    }

    public List<List<Signal>> openOfMilestones(List<Milestone> milestones) {
        return open("milestoneId", milestones.stream().map(m -> EntityIds.canonical(m.id)).toList(),
                signal -> signal.milestoneId);
    }

    public List<List<Signal>> openOfKpis(List<Kpi> kpis) {
        return open("kpiId", kpis.stream().map(k -> EntityIds.canonical(k.id)).toList(), signal -> signal.kpiId);
    }

    public List<List<Signal>> openOfInitiatives(List<Initiative> initiatives) {
        return open("initiativeId", initiatives.stream().map(i -> EntityIds.canonical(i.id)).toList(),
                signal -> signal.initiativeId);
    }

    private static List<List<Signal>> open(String field, List<String> keys, Function<Signal, String> keyOf) {
        return BatchedLoad.childrenOf(keys, found -> Signal.<Signal>list("clearedAt is null and " + field + " in ?1",
                        found).stream().sorted(MOST_SEVERE_FIRST).toList(), keyOf);
    }
}
