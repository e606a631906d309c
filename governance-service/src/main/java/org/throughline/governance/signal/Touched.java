package org.throughline.governance.signal;

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

    /** Adds the item an upstream event is about: an initiative, workstream or milestone of the plan, or a KPI. */
    void add(String aggregateType, String aggregateId) {
        if (aggregateType == null || aggregateId == null) {
            everything = true;
            return;
        }
        switch (aggregateType) {
            case "Initiative" -> initiatives.add(aggregateId);
            case "Milestone" -> milestones.add(aggregateId);
            case "Kpi" -> kpis.add(aggregateId);
            case "Workstream", "Connector" -> {
                // A workstream's own fields enter no rule (its milestones' changes are events of their own), nor
                // does a KPI connector's health (the values it records are the KPI's events).
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
