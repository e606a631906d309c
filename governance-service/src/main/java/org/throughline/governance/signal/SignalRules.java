package org.throughline.governance.signal;

import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.KpiFacts;
import org.throughline.governance.client.PlanFacts;
import org.throughline.governance.outcome.OutcomeCalculator;
import org.throughline.governance.outcome.OutcomeService;
import org.throughline.subgraph.People;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the signals, as PRODUCT.md defines them: a pure function from the facts of one evaluation to the
 * conditions that hold, so that each rule can be shown raising, not raising and clearing.
 */
final class SignalRules {

    /** The owner the migrations gave items from before owners existed: nobody in particular. */

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private SignalRules() {
    }

    static List<Condition> conditions(SignalFacts facts) {
        Map<String, PlanFacts.Milestone> milestones = new HashMap<>();
        facts.milestones().forEach(milestone -> milestones.put(milestone.id, milestone));
        Map<String, PlanFacts.InitiativeSummary> initiatives = new HashMap<>();
        facts.initiatives().forEach(initiative -> initiatives.put(initiative.id, initiative));
        Map<String, KpiFacts.Kpi> kpis = new HashMap<>();
        facts.kpis().forEach(kpi -> kpis.put(kpi.id, kpi));
        List<Condition> conditions = new ArrayList<>();
        progressBias(facts, milestones, kpis, conditions);
        outcomeGap(facts, milestones, kpis, conditions);
        untethered(facts, conditions);
        slippage(facts, initiatives, conditions);
        staleKpis(facts, conditions);
        failingFeeds(facts, conditions);
        ownerless(facts, milestones, conditions);
        return conditions;
    }

    private static void progressBias(SignalFacts facts, Map<String, PlanFacts.Milestone> milestones,
                                     Map<String, KpiFacts.Kpi> kpis, List<Condition> into) {
        for (OutcomeCommitment commitment : facts.commitments()) {
            PlanFacts.Milestone milestone = milestones.get(commitment.milestoneId);
            KpiFacts.Kpi kpi = kpis.get(commitment.kpiId);
            if (milestone == null || kpi == null || "DESCOPED".equals(milestone.deliveryStatus)) {
                continue;
            }
            boolean reportedWell = "GREEN".equals(milestone.health) || "DELIVERED".equals(milestone.deliveryStatus);
            Double behind = behind(commitment, kpi, facts.today());
            if (reportedWell && behind != null && behind > kpi.offTrackTolerance) {
                into.add(new Condition(SignalKind.PROGRESS_BIAS, Severity.CRITICAL, SubjectType.COMMITMENT,
                        commitment.id.toString(), initiativeOf(milestone), milestone.id, kpi.id, commitment.id,
                        "'" + milestone.title + "' reports " + ("DELIVERED".equals(milestone.deliveryStatus)
                        ? "DELIVERED" : "GREEN") + " while '" + kpi.name + "' is " + number(behind)
                        + " behind the committed trajectory, beyond its OFF_TRACK tolerance of "
                        + number(kpi.offTrackTolerance) + "."));
            }
        }
    }

    private static void outcomeGap(SignalFacts facts, Map<String, PlanFacts.Milestone> milestones,
                                   Map<String, KpiFacts.Kpi> kpis, List<Condition> into) {
        for (OutcomeCommitment commitment : facts.commitments()) {
            KpiFacts.Kpi kpi = kpis.get(commitment.kpiId);
            if (kpi == null || !commitment.dueDate.isBefore(facts.today())) {
                continue;
            }
            Double current = kpi.analytics == null ? null : kpi.analytics.currentValue;
            boolean higher = "HIGHER_IS_BETTER".equals(kpi.direction);
            boolean reached = current != null && (higher ? current >= commitment.expectedValue
                    : current <= commitment.expectedValue);
            if (!reached) {
                PlanFacts.Milestone milestone = milestones.get(commitment.milestoneId);
                into.add(new Condition(SignalKind.OUTCOME_GAP, Severity.HIGH, SubjectType.COMMITMENT,
                        commitment.id.toString(), milestone == null ? null : initiativeOf(milestone),
                        commitment.milestoneId, kpi.id, commitment.id, "'" + kpi.name + "' was to reach "
                        + number(commitment.expectedValue) + " by " + commitment.dueDate + "; it is "
                        + (current == null ? "unmeasured" : "at " + number(current)) + "."));
            }
        }
    }

    private static void untethered(SignalFacts facts, List<Condition> into) {
        Set<String> tethered = new HashSet<>();
        facts.commitments().forEach(commitment -> tethered.add(commitment.milestoneId));
        for (PlanFacts.Milestone milestone : facts.milestones()) {
            if (!"DESCOPED".equals(milestone.deliveryStatus) && !tethered.contains(milestone.id)) {
                into.add(new Condition(SignalKind.UNTETHERED_MILESTONE, Severity.MEDIUM, SubjectType.MILESTONE,
                        milestone.id, initiativeOf(milestone), milestone.id, null, null, "'" + milestone.title
                        + "' is tethered to no KPI: installed, not implemented."));
            }
        }
    }

    private static void slippage(SignalFacts facts, Map<String, PlanFacts.InitiativeSummary> initiatives,
                                 List<Condition> into) {
        for (PlanFacts.Milestone milestone : facts.milestones()) {
            if ("DELIVERED".equals(milestone.deliveryStatus) || "DESCOPED".equals(milestone.deliveryStatus)) {
                continue;
            }
            PlanFacts.InitiativeSummary initiative = initiatives.get(initiativeOf(milestone));
            int tolerance = initiative == null ? 0 : initiative.slippageToleranceDays;
            if (milestone.slippageDays > tolerance) {
                into.add(new Condition(SignalKind.SLIPPAGE, milestone.slippageDays > 2 * tolerance ? Severity.HIGH
                        : Severity.MEDIUM, SubjectType.MILESTONE, milestone.id, initiativeOf(milestone),
                        milestone.id, null, null, "'" + milestone.title + "' slips " + milestone.slippageDays
                        + " days past its baseline; its initiative tolerates " + tolerance + "."));
            }
        }
    }

    private static void staleKpis(SignalFacts facts, List<Condition> into) {
        for (KpiFacts.Kpi kpi : facts.kpis()) {
            LocalDate last = kpi.analytics == null ? null : kpi.analytics.observedAt;
            LocalDate since = last != null ? last : kpi.baselineDate;
            if (since == null) {
                continue;
            }
            LocalDate due = since.plusDays(kpi.measurementCadenceDays + (long) facts.staleGraceDays());
            if (facts.today().isAfter(due)) {
                into.add(new Condition(SignalKind.STALE_KPI, Severity.MEDIUM, SubjectType.KPI, kpi.id, null, null,
                        kpi.id, null, "'" + kpi.name + "' " + (last == null ? "has never been measured"
                        : "was last measured for " + last) + "; it is measured every " + kpi.measurementCadenceDays
                        + " days (grace " + facts.staleGraceDays() + ")." + stoppedFeeds(kpi)));
            }
        }
    }

    /** Which of the KPI's feeds stopped, and why, for the STALE_KPI message: empty when none is failing. */
    private static String stoppedFeeds(KpiFacts.Kpi kpi) {
        StringBuilder words = new StringBuilder();
        for (KpiFacts.Feed feed : failing(kpi)) {
            words.append(" Its feed '").append(feed.name).append("' stopped").append(since(feed)).append(": ")
                    .append(feed.lastErrorCode == null ? "failing" : feed.lastErrorCode).append('.');
        }
        return words.toString();
    }

    /**
     * A connector that feeds a KPI and is failing, switched on or not: the KPI's values no longer come from the system
     * that produces them, and its steward is to know which feed and why before the KPI goes stale. One signal per
     * KPI, naming every failing feed; it clears with the run that succeeds.
     */
    private static void failingFeeds(SignalFacts facts, List<Condition> into) {
        for (KpiFacts.Kpi kpi : facts.kpis()) {
            List<KpiFacts.Feed> failing = failing(kpi);
            if (failing.isEmpty()) {
                continue;
            }
            StringBuilder message = new StringBuilder("'" + kpi.name + "' is no longer fed by ");
            for (int i = 0; i < failing.size(); i++) {
                KpiFacts.Feed feed = failing.get(i);
                message.append(i == 0 ? "" : "; nor by ").append("the connector '").append(feed.name).append("'")
                        .append(since(feed)).append(": ")
                        .append(feed.lastErrorCode == null ? "failing" : feed.lastErrorCode)
                        .append(feed.lastError == null ? "" : " (" + feed.lastError + ")");
            }
            into.add(new Condition(SignalKind.FEED_FAILING, Severity.HIGH, SubjectType.KPI, kpi.id, null, null,
                    kpi.id, null, message.append('.').toString()));
        }
    }

    private static List<KpiFacts.Feed> failing(KpiFacts.Kpi kpi) {
        return kpi.feeds == null ? List.of() : kpi.feeds.stream().filter(KpiFacts.Feed::failing).toList();
    }

    private static String since(KpiFacts.Feed feed) {
        return feed.failingSince == null ? ""
                : " (failing since " + SINCE.format(feed.failingSince.withOffsetSameInstant(ZoneOffset.UTC)) + ")";
    }

    private static void ownerless(SignalFacts facts, Map<String, PlanFacts.Milestone> milestones,
                                  List<Condition> into) {
        for (PlanFacts.InitiativeSummary initiative : facts.initiatives()) {
            if (nobody(initiative.accountableOwner)) {
                into.add(new Condition(SignalKind.OWNERLESS, Severity.HIGH, SubjectType.INITIATIVE, initiative.id,
                        initiative.id, null, null, null, "The initiative '" + initiative.name
                        + "' has no accountable owner."));
            }
        }
        for (PlanFacts.Milestone milestone : facts.milestones()) {
            if (nobody(milestone.accountableOwner)) {
                into.add(new Condition(SignalKind.OWNERLESS, Severity.HIGH, SubjectType.MILESTONE, milestone.id,
                        initiativeOf(milestone), milestone.id, null, null, "The milestone '" + milestone.title
                        + "' has no accountable owner."));
            }
        }
        for (KpiFacts.Kpi kpi : facts.kpis()) {
            if (nobody(kpi.accountableOwner)) {
                into.add(new Condition(SignalKind.OWNERLESS, Severity.HIGH, SubjectType.KPI, kpi.id, null, null,
                        kpi.id, null, "The KPI '" + kpi.name + "' has no steward."));
            }
        }
        for (OutcomeCommitment commitment : facts.commitments()) {
            if (nobody(commitment.accountableOwner)) {
                PlanFacts.Milestone milestone = milestones.get(commitment.milestoneId);
                into.add(new Condition(SignalKind.OWNERLESS, Severity.HIGH, SubjectType.COMMITMENT,
                        commitment.id.toString(), milestone == null ? null : initiativeOf(milestone),
                        commitment.milestoneId, commitment.kpiId, commitment.id, "Commitment " + commitment.id
                        + " has no accountable owner."));
            }
        }
    }

    /** How far the KPI is behind the committed trajectory today, in its unit and direction; null when unmeasured. */
    static Double behind(OutcomeCommitment commitment, KpiFacts.Kpi kpi, LocalDate today) {
        if (kpi.analytics == null || kpi.analytics.currentValue == null || kpi.baselineDate == null) {
            return null;
        }
        double expected = OutcomeCalculator.expectedValueOn(commitment, OutcomeService.position(kpi), today);
        double delta = expected - kpi.analytics.currentValue;
        return "LOWER_IS_BETTER".equals(kpi.direction) ? -delta : delta;
    }

    private static boolean nobody(String owner) {
        return owner == null || owner.isBlank() || owner.strip().equals(People.UNASSIGNED);
    }

    private static String initiativeOf(PlanFacts.Milestone milestone) {
        return milestone.initiative == null ? null : milestone.initiative.id;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }
}
