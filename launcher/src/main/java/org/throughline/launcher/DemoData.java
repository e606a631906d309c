package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reference scenario as demo data, loaded through the gateway's public mutations: a logistics firm's cloud ERP
 * migration whose pricing engine cut-over is tethered to sales KPIs, while quote turnaround worsens after go-live.
 * Dates are relative to today so that the story is always current.
 */
public final class DemoData {

    public static final String INITIATIVE = "Cloud ERP migration";

    /** Who enters what, as in the story: each through the gateway with their own token and role. */
    static final String PLAN_EDITOR = "it-lead";
    static final String KPI_STEWARD = "sales-steward";
    static final String GOVERNANCE_LEAD = "pmo-lead";
    static final String CFO = "cfo";

    private final Function<String, GraphQLClient> as;
    private final GraphQLClient governance;
    private final LocalDate today;

    /** {@code as}: a client of the gateway acting as the named user of the realm. */
    public DemoData(Function<String, GraphQLClient> as, LocalDate today) {
        Map<String, GraphQLClient> signedIn = new HashMap<>();
        this.as = user -> signedIn.computeIfAbsent(user, as);
        this.governance = as.apply(GOVERNANCE_LEAD);
        this.today = today;
    }

    /** Loads the scenario unless the plan already holds it; says which happened. */
    public boolean loadUnlessPresent() {
        JsonNode initiatives = governance.data("query DemoPresent { initiatives(first: 500) { nodes { name } } }", Map.of())
                .get("initiatives").get("nodes");
        for (JsonNode initiative : initiatives) {
            if (INITIATIVE.equals(initiative.get("name").asText())) {
                return false;
            }
        }
        load();
        return true;
    }

    private void load() {
        String erp = createInitiative(INITIATIVE, "Move order-to-cash and finance to a cloud-native ERP without "
                + "losing sales' pricing logic", "cio");
        String warehouse = createInitiative("Warehouse automation", "Cut picking errors with scanners and a new WMS", "coo");
        String finance = addWorkstream(erp, "Finance", "FINANCE", "cfo");
        String pricingLane = addWorkstream(erp, "Sales pricing", "SALES", "sales-steward");
        String floor = addWorkstream(warehouse, "Warehouse floor", "LOGISTICS", "coo");

        String ledger = addMilestone(finance, "General ledger migration", today.minusDays(90), "cfo", List.of());
        String pricing = addMilestone(pricingLane, "Pricing engine cut-over", today.minusDays(28), "it-lead",
                List.of(ledger));
        String forecasting = addMilestone(pricingLane, "Sales forecasting module", today.plusDays(60), "it-lead",
                List.of(pricing));
        addMilestone(floor, "Scanner roll-out", today.plusDays(30), "coo", List.of());

        // What IT reports: the ledger and the pricing cut-over delivered on their baselines, the cut-over GREEN;
        // the forecasting module slips, because the pricing rules must be rebuilt first.
        updateMilestone(ledger, 0, Map.of("deliveryStatus", "DELIVERED", "actualFinish", today.minusDays(90).toString(),
                "stageGate", "IMPLEMENTED"), "Went live on the planned weekend");
        updateMilestone(pricing, 0, Map.of("deliveryStatus", "DELIVERED", "actualFinish",
                today.minusDays(28).toString(), "health", "GREEN", "stageGate", "IMPLEMENTED"),
                "Cut-over completed on schedule");
        updateMilestone(forecasting, 0, Map.of("deliveryStatus", "IN_PROGRESS", "forecastFinish",
                today.plusDays(95).toString(), "health", "AMBER"), null);

        String turnaround = createKpi("Quote turnaround time", "Hours from a customer's request to a priced quote",
                "DURATION_HOURS", "LOWER_IS_BETTER", "LEAD", "SALES", 20, 8, "sales-steward");
        String inSystem = createKpi("Quotes priced in-system", "Share of quotes priced by the ERP pricing engine, "
                + "not by offline spreadsheets", "PERCENT", "HIGHER_IS_BETTER", "LEAD", "SALES", 35, 95, "sales-steward");
        String accuracy = createKpi("Sales forecast accuracy", "One minus the absolute error of the quarterly sales "
                + "forecast", "PERCENT", "HIGHER_IS_BETTER", "LAG", "SALES", 82, 90, "cfo");
        String close = createKpi("Month-end close duration", "Working days to close the books",
                "DURATION_DAYS", "LOWER_IS_BETTER", "LAG", "FINANCE", 9, 4, "cfo");

        // Weekly observations: quote turnaround improved until the cut-over, then sales went back to spreadsheets.
        recordWeekly(turnaround, List.of(20.0, 19.5, 18.0, 17.5, 22.0, 27.5, 31.0, 34.5));
        recordWeekly(inSystem, List.of(35.0, 41.0, 48.0, 55.0, 38.0, 27.0, 21.0, 18.0));
        recordWeekly(accuracy, List.of(82.0, 82.5, 81.0, 80.0, 76.5, 71.0, 68.0, 64.5));
        recordWeekly(close, List.of(9.0, 8.0, 7.0, 7.0, 6.5, 6.0, 6.0, 5.5));

        commit(pricing, turnaround, 8, today.plusDays(84), "In-system pricing removes the spreadsheet round-trip",
                "sales-steward");
        commit(pricing, inSystem, 95, today.plusDays(84), "Every quote is priced by the engine after cut-over", "cio");
        commit(pricing, accuracy, 90, today.plusDays(180), "Forecasts read prices from the ERP instead of Excel", "cfo");
        String onClose = commit(ledger, close, 4, today.plusDays(30),
                "One ledger, no reconciliation between legacy and cloud", "cfo");

        // Finance saw the ledger's effect: the CFO signs it off, and governance moves the ledger to EFFECT_PROVEN.
        as.apply(CFO).data("""
                mutation DemoSignOff($commitment: ID!) {
                  signOffEffect(commitmentId: $commitment, signedBy: "cfo",
                                statement: "The close fell from 9 to 5.5 working days since the ledger went live") { effectProven }
                }
                """, variables("commitment", onClose));

        // This week's steering committee, published: signals evaluated and the figures frozen as the board saw them.
        String review = governance.data("""
                mutation DemoReview($initiative: ID!, $heldOn: Date!) {
                  createReview(review: { initiativeId: $initiative, title: "Steering committee", heldOn: $heldOn }) { id }
                }
                """, variables("initiative", erp, "heldOn", today.toString())).get("createReview").get("id").asText();
        governance.data("""
                mutation DemoDecision($review: ID!, $decision: NewDecision!) { recordDecision(reviewId: $review, decision: $decision) { id } }
                """, variables("review", review, "decision", variables("summary",
                "Keep the pricing engine live; no rollback to the legacy system",
                "rationale", "A rollback reopens the ledger migration; the engine's pricing rules are fixed instead",
                "decidedBy", "ceo", "affectedMilestoneIds", List.of(pricing, forecasting),
                "affectedKpiIds", List.of(turnaround, inSystem))));
        governance.data("""
                mutation DemoAction($review: ID!, $action: NewAction!) { assignAction(reviewId: $review, action: $action) { id } }
                """, variables("review", review, "action", variables("title",
                "Find out why sales prices quotes in spreadsheets again", "accountableOwner", "sales-steward",
                "dueOn", today.plusDays(7).toString())));
        int version = governance.data("query DemoReviewVersion($id: ID!) { review(id: $id) { version } }",
                variables("id", review)).get("review").get("version").asInt();
        governance.data("mutation DemoPublish($id: ID!, $version: Int!) { publishReview(id: $id, version: $version) { id } }",
                variables("id", review, "version", version));
    }

    private String createInitiative(String name, String objective, String sponsor) {
        return as.apply(PLAN_EDITOR).data("""
                mutation DemoInitiative($name: String!, $objective: String, $sponsor: ID!) {
                  createInitiative(initiative: { name: $name, objective: $objective, sponsor: $sponsor,
                                                 accountableOwner: $sponsor }) { id }
                }
                """, variables("name", name, "objective", objective, "sponsor", sponsor))
                .get("createInitiative").get("id").asText();
    }

    private String addWorkstream(String initiative, String name, String function, String owner) {
        return as.apply(PLAN_EDITOR).data("""
                mutation DemoWorkstream($workstream: NewWorkstream!) { addWorkstream(workstream: $workstream) { id } }
                """, Map.of("workstream", variables("initiativeId", initiative, "name", name,
                "businessFunction", function, "accountableOwner", owner))).get("addWorkstream").get("id").asText();
    }

    private String addMilestone(String workstream, String title, LocalDate baseline, String owner,
                                List<String> dependsOn) {
        return as.apply(PLAN_EDITOR).data("""
                mutation DemoMilestone($milestone: NewMilestone!) { addMilestone(milestone: $milestone) { id } }
                """, Map.of("milestone", variables("workstreamId", workstream, "title", title,
                "baselineFinish", baseline.toString(), "accountableOwner", owner, "dependsOn", dependsOn)))
                .get("addMilestone").get("id").asText();
    }

    private void updateMilestone(String milestone, int version, Map<String, Object> changes, String reason) {
        as.apply(PLAN_EDITOR).data("""
                mutation DemoProgress($id: ID!, $version: Int!, $changes: MilestoneChanges!, $reason: String) {
                  updateMilestone(id: $id, version: $version, changes: $changes, reason: $reason) { version }
                }
                """, variables("id", milestone, "version", version, "changes", changes, "reason", reason));
    }

    private String createKpi(String name, String description, String unit, String direction, String kind,
                             String businessFunction, double baseline, double target, String steward) {
        return as.apply(KPI_STEWARD).data("""
                mutation DemoKpi($kpi: NewKpi!) { createKpi(kpi: $kpi) { id } }
                """, Map.of("kpi", variables("name", name, "description", description, "unit", unit,
                "direction", direction, "kind", kind, "businessFunction", businessFunction,
                "baselineValue", baseline, "baselineDate", today.minusWeeks(10).toString(),
                "targetValue", target, "targetDate", today.plusWeeks(12).toString(),
                "measurementCadenceDays", 7, "accountableOwner", steward,
                // Shares cannot leave 0-100 %; durations cannot be negative.
                "validMin", 0.0, "validMax", unit.equals("PERCENT") ? 100.0 : null))).get("createKpi").get("id").asText();
    }

    private void recordWeekly(String kpi, List<Double> values) {
        for (int week = 0; week < values.size(); week++) {
            LocalDate observed = today.minusWeeks(values.size() - 1 - week);
            as.apply(KPI_STEWARD).data("""
                    mutation DemoMeasurement($measurement: NewMeasurement!) { recordMeasurement(measurement: $measurement) { id } }
                    """, Map.of("measurement", variables("kpiId", kpi, "value", values.get(week),
                    "observedAt", observed.toString(), "source", "API",
                    "idempotencyKey", "demo-" + kpi + "-" + observed)));
        }
    }

    private String commit(String milestone, String kpi, double expected, LocalDate due, String rationale,
                          String owner) {
        return governance.data("""
                mutation DemoCommitment($commitment: NewCommitment!) { commitOutcome(commitment: $commitment) { id } }
                """, Map.of("commitment", variables("milestoneId", milestone, "kpiId", kpi, "expectedValue", expected,
                "dueDate", due.toString(), "rationale", rationale, "accountableOwner", owner)))
                .get("commitOutcome").get("id").asText();
    }

    private static Map<String, Object> variables(Object... pairs) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            variables.put((String) pairs[i], pairs[i + 1]);
        }
        return variables;
    }
}
