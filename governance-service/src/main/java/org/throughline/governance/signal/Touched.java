package org.throughline.governance.signal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * The upstream items that events said changed, gathered for one evaluation: only these are read again from their
 * services, the rest is taken from what governance last read of them. An event that names no item it can place asks
 * for a complete read.
 */
final class Touched {

    final Set<String> initiatives = new TreeSet<>();
    final Set<String> milestones = new TreeSet<>();
    final Set<String> kpis = new TreeSet<>();
    boolean everything;

    /**
     * Adds the items an upstream event is about: an initiative, workstream or milestone of the plan, a KPI, or the
     * KPIs a connector feeds (named in its event's payload, kpiIds).
     */
    void add(String aggregateType, String aggregateId, JsonNode payload) {
        if (aggregateType == null || aggregateId == null) {
            everything = true;
            return;
        }
        switch (aggregateType) {
            case "Initiative" -> initiatives.add(aggregateId);
            case "Milestone" -> milestones.add(aggregateId);
            case "Kpi" -> kpis.add(aggregateId);
            case "Connector" -> {
                // A connector's health turned: the KPIs it feeds show it (FEED_FAILING, STALE_KPI's words).
                JsonNode fed = payload == null ? null : payload.get("kpiIds");
                if (fed == null || !fed.isArray()) {
                    everything = true;
                } else {
                    fed.forEach(kpi -> kpis.add(kpi.asText()));
                }
            }
            case "Workstream" -> {
                // A workstream's own fields enter no rule: its milestones' changes are events of their own.
            }
            default -> everything = true;
        }
    }

    void addAll(Touched other) {
        initiatives.addAll(other.initiatives);
        milestones.addAll(other.milestones);
        kpis.addAll(other.kpis);
        everything |= other.everything;
    }

    boolean isEmpty() {
        return !everything && initiatives.isEmpty() && milestones.isEmpty() && kpis.isEmpty();
    }

    @Override
    public String toString() {
        return everything ? "everything" : "initiatives " + initiatives + ", milestones " + milestones + ", KPIs " + kpis;
    }
}
