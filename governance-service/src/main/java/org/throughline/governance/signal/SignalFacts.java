package org.throughline.governance.signal;

import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.KpiFacts;
import org.throughline.governance.client.PlanFacts;

import java.time.LocalDate;
import java.util.List;

/** Everything the rules look at, read live at one evaluation: the plan, the KPIs, the active commitments, the day. */
record SignalFacts(List<PlanFacts.InitiativeSummary> initiatives, List<PlanFacts.Milestone> milestones,
                   List<KpiFacts.Kpi> kpis, List<OutcomeCommitment> commitments, LocalDate today, int staleGraceDays) {
}
