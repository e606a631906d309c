package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import static org.throughline.launcher.GraphQLClient.variables;

/**
 * The reference scenario as demo data, loaded through the platform's public APIs only, each step by the person who
 * would take it: a logistics firm's cloud ERP migration, eighteen months in. The plan (six workstreams, 29
 * milestones with their dependencies) comes in as a spreadsheet through plan-service's import; fifteen KPIs are
 * defined through the gateway and their eighteen months of values come in as one bulk batch; commitments tether the
 * milestones to the KPIs they must move; the CFO signs off the ledger's effect; this week's steering committee is
 * published. The pricing-engine cut-over went live without the sales pricing logic: IT reports it DELIVERED and
 * GREEN while quote turnaround worsens week after week. Dates are relative to today, so the story is always current.
 */
public final class DemoData {

    public static final String INITIATIVE = "Cloud ERP migration";

    /** Who enters what, as in the story: each through the platform with their own token and role. */
    static final String PLAN_EDITOR = "it-lead";
    static final String KPI_STEWARD = "sales-steward";
    static final String GOVERNANCE_LEAD = "pmo-lead";
    static final String CFO = "cfo";
    static final String DATA_ENGINEER = "data-engineer";

    static final String QUOTE_TURNAROUND = "Quote turnaround time";
    /** The connector that pulls quote turnaround from the sales system. */
    public static final String QUOTES_CONNECTOR = "Sales system quotes";

    /** Eighteen months of history: the KPIs' baselines are this many weeks ago, their first values too. */
    private static final int HISTORY_WEEKS = 78;

    /**
     * The zone of the demo's business days, named on each of its KPIs: the "today" it is given is UTC's, and a value
     * for a day that has not begun in a KPI's zone is refused, so the KPIs must not take a platform zone ahead of it.
     */
    public static final String TIME_ZONE = "UTC";

    private final Platform platform;
    private final Map<String, GraphQLClient> signedIn = new HashMap<>();
    private final LocalDate today;

    public DemoData(Platform platform, LocalDate today) {
        this.platform = platform;
        this.today = today;
    }

    private GraphQLClient as(String user) {
        return signedIn.computeIfAbsent(user, platform::clientAs);
    }

    /** Loads the scenario unless the plan already holds it; says which happened. */
    public boolean loadUnlessPresent() {
        JsonNode initiatives = as(GOVERNANCE_LEAD)
                .data("query DemoPresent { initiatives(first: 500) { nodes { name } } }", Map.of())
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
        String erp = as(PLAN_EDITOR).data("""
                mutation DemoInitiative($initiative: NewInitiative!) { createInitiative(initiative: $initiative) { id } }
                """, Map.of("initiative", variables("name", INITIATIVE, "objective", "Move finance, order-to-cash, "
                + "procurement and the warehouse to a cloud-native ERP without losing sales' pricing logic",
                "sponsor", "ceo", "accountableOwner", "cio"))).get("createInitiative").get("id").asText();
        Map<String, String> milestones = importPlan(erp);
        // The CFO asks to be told of every signal of the programme, besides those about what she owns.
        as(CFO).data("mutation DemoWatch($initiative: ID!) { watchInitiative(initiativeId: $initiative) { id } }",
                Map.of("initiative", erp));

        // What IT reports: the pricing engine went live on its baseline, GREEN.
        updateMilestone(milestones.get("PRC-3"), Map.of("deliveryStatus", "DELIVERED",
                "actualFinish", today.minusDays(28).toString(), "health", "GREEN", "stageGate", "IMPLEMENTED"),
                "Cut-over completed on schedule");

        Map<String, String> kpis = defineKpis();
        recordHistory(kpis);
        feedQuoteTurnaround(kpis.get(QUOTE_TURNAROUND));

        commit(milestones, kpis, "PRC-3", "Quote turnaround time", 8, 84, "In-system pricing removes the spreadsheet "
                + "round-trip", KPI_STEWARD);
        commit(milestones, kpis, "PRC-3", "Quotes priced in-system", 95, 84, "Every quote is priced by the engine "
                + "after cut-over", "cio");
        commit(milestones, kpis, "PRC-3", "Sales forecast accuracy", 90, 180, "Forecasts read prices from the ERP "
                + "instead of Excel", CFO);
        commit(milestones, kpis, "PRC-4", "Win rate on quoted deals", 30, 270, "Forecast-driven pricing wins more "
                + "of the deals it quotes", KPI_STEWARD);
        String onClose = commit(milestones, kpis, "FIN-2", "Month-end close duration", 4, 30, "One ledger, no "
                + "reconciliation between legacy and cloud", CFO);
        commit(milestones, kpis, "FIN-3", "Invoice processing cost", 6, 120, "Invoices matched and booked without "
                + "hands", CFO);
        commit(milestones, kpis, "FIN-4", "Days sales outstanding", 40, 240, "Consolidated receivables are chased "
                + "from one ledger", CFO);
        // Fell due two weeks ago with the KPI short of it: an outcome gap (OUTCOME_GAP).
        commit(milestones, kpis, "OTC-2", "Order entry error rate", 1.5, -14, "Customers enter orders against "
                + "validated master data", "coo");
        commit(milestones, kpis, "OTC-4", "Perfect order rate", 96, 200, "E-invoices match what was delivered",
                "coo");
        commit(milestones, kpis, "WHS-2", "Pick accuracy", 99.5, 120, "Scanners confirm every pick", "coo");
        commit(milestones, kpis, "WHS-3", "Warehouse cost per order", 3.9, 200, "Shorter pick paths, fewer "
                + "touches", "coo");
        commit(milestones, kpis, "WHS-4", "On-time delivery", 97, 90, "Carriers book from the ERP's own "
                + "shipments", "coo");
        commit(milestones, kpis, "PRO-2", "Purchase order cycle time", 2, 60, "Approvals in the workflow, not in "
                + "mailboxes", CFO);
        commit(milestones, kpis, "PRO-3", "Supplier on-time delivery", 95, 180, "Suppliers confirm dates in the "
                + "portal", CFO);
        commit(milestones, kpis, "INT-4", "Interface incidents per month", 10, 120, "One monitored integration "
                + "platform instead of point-to-point files", PLAN_EDITOR);

        // Finance saw the ledger's effect: the CFO signs it off, and governance moves the ledger to EFFECT_PROVEN.
        as(CFO).data("""
                mutation DemoSignOff($commitment: ID!) {
                  signOffEffect(commitmentId: $commitment, signedBy: "cfo",
                                statement: "The close fell from 9 to 4.4 working days since the ledger went live") { effectProven }
                }
                """, variables("commitment", onClose));

        // This week's steering committee, published: signals evaluated and the figures frozen as the board saw them.
        GraphQLClient governance = as(GOVERNANCE_LEAD);
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
                "decidedBy", "ceo", "affectedMilestoneIds", List.of(milestones.get("PRC-3"), milestones.get("PRC-4")),
                "affectedKpiIds", List.of(kpis.get("Quote turnaround time"), kpis.get("Quotes priced in-system")))));
        governance.data("""
                mutation DemoAction($review: ID!, $action: NewAction!) { assignAction(reviewId: $review, action: $action) { id } }
                """, variables("review", review, "action", variables("title",
                "Find out why sales prices quotes in spreadsheets again", "accountableOwner", KPI_STEWARD,
                "dueOn", today.plusDays(7).toString())));
        int version = governance.data("query DemoReviewVersion($id: ID!) { review(id: $id) { version } }",
                variables("id", review)).get("review").get("version").asInt();
        governance.data("mutation DemoPublish($id: ID!, $version: Int!) { publishReview(id: $id, version: $version) { id } }",
                variables("id", review, "version", version));
    }

    /** The plan as the IT lead keeps it: one spreadsheet row per milestone, imported as a whole. */
    private Map<String, String> importPlan(String initiative) {
        PlanSpreadsheet sheet = new PlanSpreadsheet(today);
        // Finance: the ledger went live on its baseline; its effect on the close is proven.
        sheet.row("FIN-1", "Finance", "FINANCE", "cfo", "Chart of accounts harmonised", -420, null, -425,
                "DELIVERED", "GREEN", "IMPLEMENTED", "cfo", "");
        sheet.row("FIN-2", "Finance", "FINANCE", "cfo", "General ledger migration", -90, null, -90,
                "DELIVERED", "GREEN", "IMPLEMENTED", "cfo", "FIN-1");
        sheet.row("FIN-3", "Finance", "FINANCE", "cfo", "Accounts payable automation", -30, null, -20,
                "DELIVERED", "GREEN", "IMPLEMENTED", "cfo", "FIN-2");
        sheet.row("FIN-4", "Finance", "FINANCE", "cfo", "Consolidation and reporting", 60, 60, null,
                "IN_PROGRESS", "GREEN", "DECIDED", "cfo", "FIN-2");
        sheet.row("FIN-5", "Finance", "FINANCE", "cfo", "Legacy finance system decommissioned", 150, 150, null,
                "NOT_STARTED", "GREEN", "PLANNED", "cio", "FIN-4");
        // Sales pricing: the cut-over is about to be reported done; the forecasting module slips behind it.
        sheet.row("PRC-1", "Sales pricing", "SALES", "sales-steward", "Pricing rules inventory", -240, null, -250,
                "DELIVERED", "GREEN", "IMPLEMENTED", "sales-steward", "");
        sheet.row("PRC-2", "Sales pricing", "SALES", "sales-steward", "Pricing engine configured", -120, null, -110,
                "DELIVERED", "GREEN", "IMPLEMENTED", "it-lead", "PRC-1");
        sheet.row("PRC-3", "Sales pricing", "SALES", "sales-steward", "Pricing engine cut-over", -28, -28, null,
                "IN_PROGRESS", "GREEN", "DECIDED", "it-lead", "PRC-2;FIN-2");
        sheet.row("PRC-4", "Sales pricing", "SALES", "sales-steward", "Sales forecasting module", 60, 95, null,
                "IN_PROGRESS", "AMBER", "DECIDED", "it-lead", "PRC-3");
        sheet.row("PRC-5", "Sales pricing", "SALES", "sales-steward", "Discount approval workflow", 30, 30, null,
                "NOT_STARTED", "GREEN", "PLANNED", "sales-steward", "PRC-3");
        // Order-to-cash: the order entry portal went live, but order errors stopped falling short of the promise.
        sheet.row("OTC-1", "Order-to-cash", "CUSTOMER_SERVICE", "coo", "Customer master data cleansed", -300, null,
                -310, "DELIVERED", "GREEN", "IMPLEMENTED", "coo", "");
        sheet.row("OTC-2", "Order-to-cash", "CUSTOMER_SERVICE", "coo", "Order entry portal live", -200, null, -195,
                "DELIVERED", "GREEN", "IMPLEMENTED", "coo", "OTC-1;INT-2");
        sheet.row("OTC-3", "Order-to-cash", "CUSTOMER_SERVICE", "coo", "Credit check automation", -45, null, -40,
                "DELIVERED", "GREEN", "IMPLEMENTED", "coo", "OTC-2");
        sheet.row("OTC-4", "Order-to-cash", "CUSTOMER_SERVICE", "coo", "E-invoicing", 45, 45, null,
                "IN_PROGRESS", "GREEN", "DECIDED", "cfo", "FIN-3");
        sheet.row("OTC-5", "Order-to-cash", "CUSTOMER_SERVICE", "coo", "Cash application automation", 120, 120,
                null, "NOT_STARTED", "GREEN", "PLANNED", "cfo", "OTC-4");
        // Warehouse and logistics.
        sheet.row("WHS-1", "Warehouse and logistics", "LOGISTICS", "coo", "Warehouse management system selected",
                -330, null, -330, "DELIVERED", "GREEN", "IMPLEMENTED", "coo", "");
        sheet.row("WHS-2", "Warehouse and logistics", "LOGISTICS", "coo", "Scanner roll-out", 30, 30, null,
                "IN_PROGRESS", "GREEN", "DECIDED", "coo", "WHS-1");
        sheet.row("WHS-3", "Warehouse and logistics", "LOGISTICS", "coo", "Pick-path optimisation", 90, 90, null,
                "NOT_STARTED", "GREEN", "PLANNED", "coo", "WHS-2");
        sheet.row("WHS-4", "Warehouse and logistics", "LOGISTICS", "coo", "Carrier integration", -60, null, -55,
                "DELIVERED", "GREEN", "IMPLEMENTED", "it-lead", "INT-1");
        sheet.row("WHS-5", "Warehouse and logistics", "LOGISTICS", "coo", "Returns process in the ERP", 75, 75,
                null, "NOT_STARTED", "GREEN", "PLANNED", "coo", "OTC-2");
        // Procurement: the supplier portal slips, and the suppliers' delivery feed went quiet.
        sheet.row("PRO-1", "Procurement", "PROCUREMENT", "cfo", "Supplier master migrated", -270, null, -270,
                "DELIVERED", "GREEN", "IMPLEMENTED", "cfo", "INT-2");
        sheet.row("PRO-2", "Procurement", "PROCUREMENT", "cfo", "Purchase-to-pay workflow", -150, null, -140,
                "DELIVERED", "GREEN", "IMPLEMENTED", "cfo", "PRO-1");
        sheet.row("PRO-3", "Procurement", "PROCUREMENT", "cfo", "Supplier portal", 20, 40, null,
                "IN_PROGRESS", "AMBER", "DECIDED", "cio", "PRO-2");
        sheet.row("PRO-4", "Procurement", "PROCUREMENT", "cfo", "Spend analytics", 100, 100, null,
                "NOT_STARTED", "GREEN", "PLANNED", "cfo", "PRO-2");
        // Data and integration: the foundations everything else stands on.
        sheet.row("INT-1", "Data and integration", "IT", "it-lead", "Integration platform live", -360, null, -365,
                "DELIVERED", "GREEN", "IMPLEMENTED", "it-lead", "");
        sheet.row("INT-2", "Data and integration", "IT", "it-lead", "Master data hub", -210, null, -212,
                "DELIVERED", "GREEN", "IMPLEMENTED", "it-lead", "INT-1");
        sheet.row("INT-3", "Data and integration", "IT", "it-lead", "Data migration rehearsal three", -100, null,
                -100, "DELIVERED", "GREEN", "IMPLEMENTED", "it-lead", "INT-2");
        sheet.row("INT-4", "Data and integration", "IT", "it-lead", "Reporting data warehouse feed", 40, 40, null,
                "IN_PROGRESS", "GREEN", "DECIDED", "it-lead", "INT-2");
        sheet.row("INT-5", "Data and integration", "IT", "it-lead", "Legacy interfaces switched off", 160, 160, null,
                "NOT_STARTED", "GREEN", "PLANNED", "cio", "INT-4;FIN-5");
        sheet.importInto(platform, PLAN_EDITOR, initiative);
        return sheet.milestoneIds(as(PLAN_EDITOR), initiative);
    }

    private void updateMilestone(String milestone, Map<String, Object> changes, String reason) {
        GraphQLClient planEditor = as(PLAN_EDITOR);
        int version = planEditor.data("query DemoVersion($id: ID!) { milestone(id: $id) { version } }",
                variables("id", milestone)).get("milestone").get("version").asInt();
        planEditor.data("""
                mutation DemoProgress($id: ID!, $version: Int!, $changes: MilestoneChanges!, $reason: String) {
                  updateMilestone(id: $id, version: $version, changes: $changes, reason: $reason) { version }
                }
                """, variables("id", milestone, "version", version, "changes", changes, "reason", reason));
    }

    /**
     * A KPI of the story: its definition and how its weekly (or monthly) values went, as a function of the weeks
     * from its baseline (0) to today ({@value #HISTORY_WEEKS}); null where nothing was measured.
     */
    private record Story(String name, String description, String unit, String direction, String kind,
                         String function, double baseline, double target, int targetInDays, double atRisk,
                         double offTrack, int cadenceDays, String steward, Double validMax, Curve values) {
    }

    @FunctionalInterface
    private interface Curve {
        Double at(int week);
    }

    /** On plan, give or take a little: the straight line from baseline to target, with a small wobble. */
    private Curve onPlan(double baseline, double target, int targetInDays, double wobble) {
        double days = HISTORY_WEEKS * 7 + targetInDays;
        return week -> round(baseline + (target - baseline) * (week * 7 / days) + wobble * Math.sin(week * 1.3));
    }

    /** Flat at the baseline until a week, then the given shape (weeks counted from that week). */
    private static Curve from(double before, int fromWeek, DoubleUnaryOperator after) {
        return week -> round(week < fromWeek ? before : after.applyAsDouble(week - fromWeek));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private List<Story> stories() {
        int cutOver = HISTORY_WEEKS - 4;
        int ledger = HISTORY_WEEKS - 13;
        return List.of(
                // Sales: improving slowly until the cut-over, then back to spreadsheets.
                new Story(QUOTE_TURNAROUND, "Hours from a customer's request to a priced quote",
                        "DURATION_HOURS", "LOWER_IS_BETTER", "LEAD", "SALES", 20, 8, 84, 1, 3, 7, KPI_STEWARD, null,
                        week -> round(week <= cutOver ? 20 - 2.5 * week / cutOver
                                : new double[]{22, 27.5, 31, 34.5}[week - cutOver - 1])),
                new Story("Quotes priced in-system", "Share of quotes priced by the ERP pricing engine, not by offline "
                        + "spreadsheets", "PERCENT", "HIGHER_IS_BETTER", "LEAD", "SALES", 35, 95, 84, 6, 15, 7,
                        KPI_STEWARD, 100.0, week -> round(week <= cutOver ? 35 + 20.0 * week / cutOver
                        : new double[]{38, 27, 21, 18}[week - cutOver - 1])),
                new Story("Sales forecast accuracy", "One minus the absolute error of the quarterly sales forecast",
                        "PERCENT", "HIGHER_IS_BETTER", "LAG", "SALES", 82, 90, 180, 1, 2, 7, CFO, 100.0,
                        week -> round(week <= cutOver ? 82 + 0.5 * Math.sin(week) : 82 - 4.5 * (week - cutOver))),
                new Story("Win rate on quoted deals", "Share of quoted deals won", "PERCENT", "HIGHER_IS_BETTER",
                        "LAG", "SALES", 24, 30, 270, 1.5, 3, 7, KPI_STEWARD, 100.0,
                        week -> round(week <= cutOver ? 24 + 1.2 * week / cutOver : 25.2 - 0.3 * (week - cutOver))),
                // Finance: the ledger and payables automation paid off.
                new Story("Month-end close duration", "Working days to close the books", "DURATION_DAYS",
                        "LOWER_IS_BETTER", "LAG", "FINANCE", 9, 4, 30, 0.75, 1.5, 7, CFO, null,
                        from(9, ledger, weeks -> Math.max(4.4, 9 - 0.55 * weeks))),
                new Story("Invoice processing cost", "Cost of processing one supplier invoice, in euros", "CURRENCY",
                        "LOWER_IS_BETTER", "LAG", "FINANCE", 12, 6, 120, 1, 2, 7, CFO, null,
                        onPlan(12, 6, 120, 0.15)),
                new Story("Days sales outstanding", "Average days from invoice to payment", "DURATION_DAYS",
                        "LOWER_IS_BETTER", "LAG", "FINANCE", 52, 40, 240, 2, 4, 7, CFO, null,
                        onPlan(52, 40, 240, 0.4)),
                // Order-to-cash: order errors fell, then stalled above what was promised.
                new Story("Order entry error rate", "Share of order lines corrected after entry", "PERCENT",
                        "LOWER_IS_BETTER", "LEAD", "CUSTOMER_SERVICE", 4, 1.5, 60, 0.5, 1, 7, "coo", 100.0,
                        week -> round(Math.max(2.4, 4 - 0.06 * week))),
                new Story("Perfect order rate", "Share of orders delivered complete, on time and invoiced right",
                        "PERCENT", "HIGHER_IS_BETTER", "LAG", "CUSTOMER_SERVICE", 88, 96, 200, 1.5, 3, 7, "coo",
                        100.0, onPlan(88, 96, 200, 0.3)),
                // Logistics.
                new Story("Pick accuracy", "Share of order lines picked right the first time", "PERCENT",
                        "HIGHER_IS_BETTER", "LEAD", "LOGISTICS", 97, 99.5, 120, 0.4, 0.8, 7, "coo", 100.0,
                        onPlan(97, 99.5, 120, 0.08)),
                new Story("On-time delivery", "Share of shipments delivered on the promised day", "PERCENT",
                        "HIGHER_IS_BETTER", "LAG", "LOGISTICS", 91, 97, 90, 1, 2, 7, "coo", 100.0,
                        onPlan(91, 97, 90, 0.25)),
                // Its steward left; nobody has taken it over yet.
                new Story("Warehouse cost per order", "Warehouse cost per shipped order, in euros", "CURRENCY",
                        "LOWER_IS_BETTER", "LAG", "LOGISTICS", 4.8, 3.9, 200, 0.15, 0.3, 7, "unassigned", null,
                        onPlan(4.8, 3.9, 200, 0.03)),
                // Procurement: the suppliers' monthly delivery feed stopped two months ago.
                new Story("Supplier on-time delivery", "Share of purchase order lines delivered on the confirmed day",
                        "PERCENT", "HIGHER_IS_BETTER", "LEAD", "PROCUREMENT", 85, 95, 180, 2, 4, 30, CFO, 100.0,
                        week -> week % 4 != 0 || week > HISTORY_WEEKS - 9 ? null : round(85 + 4.0 * week / 70)),
                new Story("Purchase order cycle time", "Days from requisition to purchase order", "DURATION_DAYS",
                        "LOWER_IS_BETTER", "LEAD", "PROCUREMENT", 6, 2, 60, 0.5, 1, 7, CFO, null,
                        onPlan(6, 2, 60, 0.1)),
                // IT: measured monthly.
                new Story("Interface incidents per month", "Incidents on interfaces between systems in a month",
                        "COUNT", "LOWER_IS_BETTER", "LEAD", "IT", 40, 10, 120, 5, 10, 30, PLAN_EDITOR, null,
                        week -> week % 4 != 0 ? null : round(40 - 26.0 * week / HISTORY_WEEKS + 1.5 * Math.sin(week))));
    }

    private Map<String, String> defineKpis() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (Story story : stories()) {
            Map<String, Object> kpi = variables("name", story.name(), "description", story.description(),
                    "unit", story.unit(), "direction", story.direction(), "kind", story.kind(),
                    "businessFunction", story.function(), "baselineValue", story.baseline(),
                    "baselineDate", today.minusWeeks(HISTORY_WEEKS).toString(), "targetValue", story.target(),
                    "targetDate", today.plusDays(story.targetInDays()).toString(),
                    "atRiskTolerance", story.atRisk(), "offTrackTolerance", story.offTrack(),
                    "measurementCadenceDays", story.cadenceDays(), "accountableOwner", story.steward(),
                    "timeZone", TIME_ZONE,
                    // Shares cannot leave 0-100 %; durations, costs and counts cannot be negative.
                    "validMin", 0.0, "validMax", story.validMax());
            ids.put(story.name(), as(KPI_STEWARD).data("""
                    mutation DemoKpi($kpi: NewKpi!) { createKpi(kpi: $kpi) { id } }
                    """, Map.of("kpi", kpi)).get("createKpi").get("id").asText());
        }
        return ids;
    }

    /** Eighteen months of values, as the KPI feeds deliver them: one bulk batch, streamed, all or nothing. */
    private void recordHistory(Map<String, String> kpis) {
        StringBuilder batch = new StringBuilder("kpi_id,observed_at,value,key\n");
        for (Story story : stories()) {
            String kpi = kpis.get(story.name());
            for (int week = 0; week <= HISTORY_WEEKS; week++) {
                Double value = story.values().at(week);
                if (value == null) {
                    continue;
                }
                LocalDate observed = today.minusWeeks(HISTORY_WEEKS - week);
                batch.append(kpi).append(',').append(observed).append(',').append(value).append(",demo-")
                        .append(kpi).append('-').append(observed).append('\n');
            }
        }
        platform.postAs(KPI_STEWARD, "kpi", "/measurements/batches", "text/csv",
                Map.of("Idempotency-Key", "demo-history-" + today), batch.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * From here on, quote turnaround comes from the sales system, as it does in a real deployment: its quotes are
     * seeded with the story's eighteen months, and the data engineer defines the SQL connector that computes the daily
     * average from them every minute (its password named, held by kpi-service's credentials). Its first run, now,
     * finds the values the history holds: nothing to record, or the seed and the story disagree.
     */
    private void feedQuoteTurnaround(String kpi) {
        Map<LocalDate, Double> turnaround = new LinkedHashMap<>();
        Story story = stories().stream().filter(s -> s.name().equals(QUOTE_TURNAROUND)).findFirst().orElseThrow();
        for (int week = 0; week <= HISTORY_WEEKS; week++) {
            turnaround.put(today.minusWeeks(HISTORY_WEEKS - week), story.values().at(week));
        }
        SalesSystem.seed(platform.postgres(), turnaround);
        String connector = as(DATA_ENGINEER).data("""
                mutation DemoConnector($connector: NewSqlConnector!) { defineSqlConnector(connector: $connector) { id } }
                """, Map.of("connector", variables("name", QUOTES_CONNECTOR, "kpiId", kpi, "everyMinutes", 1,
                "startDay", today.minusDays(7).toString(), "lookbackDays", 2,
                "jdbcUrl", platform.jdbcUrl(SalesSystem.DATABASE), "username", SalesSystem.READER,
                "credential", SalesSystem.CREDENTIAL, "query", SalesSystem.TURNAROUND)))
                .get("defineSqlConnector").get("id").asText();
        JsonNode run = as(DATA_ENGINEER).data("""
                mutation DemoConnectorRun($id: ID!) { runConnector(id: $id) { outcome recorded errorCode error } }
                """, Map.of("id", connector)).get("runConnector");
        if (!"SUCCEEDED".equals(run.get("outcome").asText()) || run.get("recorded").asInt() != 0) {
            throw new IllegalStateException("the sales system's quotes do not give the story's quote turnaround: " + run);
        }
    }

    private String commit(Map<String, String> milestones, Map<String, String> kpis, String milestone, String kpi,
                          double expected, int dueInDays, String rationale, String owner) {
        return as(GOVERNANCE_LEAD).data("""
                mutation DemoCommitment($commitment: NewCommitment!) { commitOutcome(commitment: $commitment) { id } }
                """, Map.of("commitment", variables("milestoneId", milestones.get(milestone), "kpiId", kpis.get(kpi),
                "expectedValue", expected, "agreedOn", businessCase().toString(),
                "dueDate", today.plusDays(dueInDays).toString(), "rationale", rationale,
                "accountableOwner", owner))).get("commitOutcome").get("id").asText();
    }

    /** The day the business case was signed, four weeks after the KPIs' baselines: every commitment dates from it. */
    private LocalDate businessCase() {
        return today.minusWeeks(HISTORY_WEEKS - 4);
    }
}
