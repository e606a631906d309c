package org.throughline.benchmark.tenant;

import org.throughline.launcher.PlanSpreadsheet;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * What a generated tenant holds, initiative by initiative, computed from the settings alone (the same settings give
 * the same tenant, byte for byte): each initiative the demo's size, six workstreams of five milestones with
 * dependencies along each workstream and some across, fifteen KPIs with their history, and fifteen commitments
 * tethering milestones to them. The variation (which milestones slip, which KPIs go off track or stale, who signs
 * off, which initiatives held a review) is drawn from a random generator seeded per initiative.
 */
public final class TenantContent {

    public static final int WORKSTREAMS = 6;
    public static final int MILESTONES_PER_WORKSTREAM = 5;
    public static final int KPIS = 15;
    /** A daily KPI reports each day; the others weekly. */
    public static final int DAILY = 1;
    public static final int WEEKLY = 7;

    private static final String[] PROGRAMMES = {"Cloud ERP migration", "Customer portal renewal",
            "Warehouse automation", "Procure-to-pay redesign", "Data platform consolidation", "Field service mobility",
            "Finance shared services", "Pricing and quoting overhaul", "HR system replacement",
            "Supply chain visibility"};
    private static final String[] PHASES = {"design signed off", "build complete", "pilot live", "roll-out complete",
            "legacy switched off"};
    private static final String[] EXECUTIVES = {"cio", "coo", "cfo", "ceo"};

    /** A workstream: its key prefix, name, business function and owner (a user of the realm). */
    public record Lane(String prefix, String name, String function, String owner) {
    }

    private static final Lane FOUNDATION = new Lane("INT", "Data and integration", "IT", "it-lead");
    private static final List<Lane> LANES = List.of(
            new Lane("FIN", "Finance", "FINANCE", "cfo"),
            new Lane("SAL", "Sales", "SALES", "sales-steward"),
            new Lane("OPS", "Operations", "OPERATIONS", "coo"),
            new Lane("LOG", "Warehouse and logistics", "LOGISTICS", "coo"),
            new Lane("PRO", "Procurement", "PROCUREMENT", "cfo"),
            new Lane("PPL", "People", "HR", "ceo"),
            new Lane("CUS", "Customer service", "CUSTOMER_SERVICE", "coo"));

    /** A KPI as each function measures it; its steward signs effects off, so is an executive or a KPI steward. */
    private record KpiTemplate(String name, String unit, String direction, String kind, double baseline,
                               double target, double atRisk, double offTrack, Double validMax) {
    }

    private static final Map<String, List<KpiTemplate>> TEMPLATES = Map.of(
            "IT", List.of(
                    new KpiTemplate("Interface incidents per month", "COUNT", "LOWER_IS_BETTER", "LEAD", 40, 10, 5, 10, null),
                    new KpiTemplate("System availability", "PERCENT", "HIGHER_IS_BETTER", "LAG", 98.5, 99.9, 0.2, 0.4, 100.0),
                    new KpiTemplate("Failed batch jobs per week", "COUNT", "LOWER_IS_BETTER", "LEAD", 30, 5, 4, 8, null)),
            "FINANCE", List.of(
                    new KpiTemplate("Month-end close duration", "DURATION_DAYS", "LOWER_IS_BETTER", "LAG", 9, 4, 0.75, 1.5, null),
                    new KpiTemplate("Invoice processing cost", "CURRENCY", "LOWER_IS_BETTER", "LAG", 12, 6, 1, 2, null),
                    new KpiTemplate("Days sales outstanding", "DURATION_DAYS", "LOWER_IS_BETTER", "LAG", 52, 40, 2, 4, null)),
            "SALES", List.of(
                    new KpiTemplate("Quote turnaround time", "DURATION_HOURS", "LOWER_IS_BETTER", "LEAD", 20, 8, 1, 3, null),
                    new KpiTemplate("Quotes priced in-system", "PERCENT", "HIGHER_IS_BETTER", "LEAD", 35, 95, 6, 15, 100.0),
                    new KpiTemplate("Win rate on quoted deals", "PERCENT", "HIGHER_IS_BETTER", "LAG", 24, 30, 1.5, 3, 100.0)),
            "OPERATIONS", List.of(
                    new KpiTemplate("Order cycle time", "DURATION_DAYS", "LOWER_IS_BETTER", "LEAD", 6, 3, 0.4, 0.8, null),
                    new KpiTemplate("First-pass yield", "PERCENT", "HIGHER_IS_BETTER", "LAG", 91, 97, 1, 2, 100.0),
                    new KpiTemplate("Orders per FTE per day", "COUNT", "HIGHER_IS_BETTER", "LAG", 40, 55, 2, 4, null)),
            "LOGISTICS", List.of(
                    new KpiTemplate("Pick accuracy", "PERCENT", "HIGHER_IS_BETTER", "LEAD", 97, 99.5, 0.4, 0.8, 100.0),
                    new KpiTemplate("On-time delivery", "PERCENT", "HIGHER_IS_BETTER", "LAG", 91, 97, 1, 2, 100.0),
                    new KpiTemplate("Warehouse cost per order", "CURRENCY", "LOWER_IS_BETTER", "LAG", 4.8, 3.9, 0.15, 0.3, null)),
            "PROCUREMENT", List.of(
                    new KpiTemplate("Purchase order cycle time", "DURATION_DAYS", "LOWER_IS_BETTER", "LEAD", 6, 2, 0.5, 1, null),
                    new KpiTemplate("Supplier on-time delivery", "PERCENT", "HIGHER_IS_BETTER", "LEAD", 85, 95, 2, 4, 100.0),
                    new KpiTemplate("Spend under contract", "PERCENT", "HIGHER_IS_BETTER", "LAG", 60, 85, 3, 6, 100.0)),
            "HR", List.of(
                    new KpiTemplate("Time to hire", "DURATION_DAYS", "LOWER_IS_BETTER", "LAG", 45, 30, 2, 4, null),
                    new KpiTemplate("Payroll corrections per run", "COUNT", "LOWER_IS_BETTER", "LEAD", 25, 5, 3, 6, null),
                    new KpiTemplate("Self-service adoption", "PERCENT", "HIGHER_IS_BETTER", "LEAD", 20, 80, 6, 12, 100.0)),
            "CUSTOMER_SERVICE", List.of(
                    new KpiTemplate("Order entry error rate", "PERCENT", "LOWER_IS_BETTER", "LEAD", 4, 1.5, 0.5, 1, 100.0),
                    new KpiTemplate("Perfect order rate", "PERCENT", "HIGHER_IS_BETTER", "LAG", 88, 96, 1.5, 3, 100.0),
                    new KpiTemplate("First contact resolution", "PERCENT", "HIGHER_IS_BETTER", "LAG", 65, 80, 2, 4, 100.0)));

    /** Who measures a function's KPIs (and signs off their effects). */
    private static final Map<String, String> STEWARDS = Map.of("IT", "cio", "FINANCE", "cfo", "SALES", "sales-steward",
            "OPERATIONS", "coo", "LOGISTICS", "coo", "PROCUREMENT", "cfo", "HR", "ceo", "CUSTOMER_SERVICE", "coo");

    /** How a KPI's history goes, so that the signals of several kinds follow. */
    public enum Course { ON_TRACK, AT_RISK, OFF_TRACK, STALE }

    /** One row of the plan sheet; dates in days from today. */
    public record MilestoneRow(String key, Lane lane, String title, int baseline, Integer forecast, Integer actual,
                               String status, String health, String gate, String owner, List<String> dependsOn) {
    }

    public record KpiSpec(String name, String description, String unit, String direction, String kind,
                          String function, double baseline, double target, int targetInDays, double atRisk,
                          double offTrack, Double validMax, int cadenceDays, String steward, Course course) {

        /** The straight line from the baseline (history's first day) to the target, on a day of the history. */
        double plannedAt(int day, int historyDays) {
            return baseline + (target - baseline) * day / (double) (historyDays + targetInDays);
        }
    }

    public record CommitmentSpec(String milestoneKey, String kpiName, double expectedValue, int dueInDays,
                                 String rationale, String owner) {
    }

    /**
     * One initiative: its plan, KPIs and commitments; {@code signOff} names the KPI whose commitment its steward
     * signs off (or null), {@code reviewed} whether the steering committee published a review.
     */
    public record InitiativeSpec(int number, String name, String objective, String owner, List<Lane> lanes,
                                 List<MilestoneRow> milestones, List<KpiSpec> kpis, List<CommitmentSpec> commitments,
                                 String signOff, boolean reviewed) {
    }

    /** A value of a KPI on a day. */
    public record Value(LocalDate day, double value) {
    }

    private TenantContent() {
    }

    /** The initiative numbered {@code number} (from 1) of the tenant. */
    public static InitiativeSpec initiative(TenantSettings settings, int number) {
        Random random = new Random(settings.seed() * 1_000_003L + number);
        String prefix = "T%03d ".formatted(number);
        List<Lane> lanes = new ArrayList<>(List.of(FOUNDATION));
        for (int j = 0; j < WORKSTREAMS - 1; j++) {
            lanes.add(LANES.get((number + j) % LANES.size()));
        }
        List<MilestoneRow> milestones = milestones(lanes, random);
        List<KpiSpec> kpis = new ArrayList<>();
        for (int w = 0; w < WORKSTREAMS; w++) {
            Lane lane = lanes.get(w);
            int count = w < 3 ? 3 : 2;
            for (int k = 0; k < count; k++) {
                KpiTemplate template = TEMPLATES.get(lane.function()).get(k);
                boolean ownerless = number % 10 == 5 && kpis.size() == KPIS - 1;
                double draw = random.nextDouble();
                Course course = draw < 0.55 ? Course.ON_TRACK : draw < 0.7 ? Course.AT_RISK
                        : draw < 0.9 ? Course.OFF_TRACK : Course.STALE;
                kpis.add(new KpiSpec(prefix + template.name(), template.name() + " (" + lane.name() + ", "
                        + PROGRAMMES[(number - 1) % PROGRAMMES.length] + ")", template.unit(), template.direction(),
                        template.kind(), lane.function(), template.baseline(), template.target(),
                        60 + random.nextInt(240), template.atRisk(), template.offTrack(), template.validMax(),
                        random.nextDouble() < settings.dailyShare() ? DAILY : WEEKLY,
                        ownerless ? "unassigned" : STEWARDS.get(lane.function()), course));
            }
        }
        List<CommitmentSpec> commitments = commitments(number, lanes, milestones, kpis, random);
        String signOff = null;
        if (number % 10 == 3) {
            signOff = commitments.stream()
                    .filter(c -> kpi(kpis, c.kpiName()).course() == Course.ON_TRACK
                            && !kpi(kpis, c.kpiName()).steward().equals("unassigned")
                            && milestone(milestones, c.milestoneKey()).gate().equals("IMPLEMENTED"))
                    .map(CommitmentSpec::kpiName).findFirst().orElse(null);
        }
        String programme = PROGRAMMES[(number - 1) % PROGRAMMES.length];
        return new InitiativeSpec(number, prefix + programme, "Programme " + number + " of the tenant: "
                + programme.toLowerCase() + " without losing the business's operational grip",
                EXECUTIVES[number % EXECUTIVES.length], lanes, milestones, kpis, commitments, signOff,
                number % 10 == 7);
    }

    /**
     * Five milestones per workstream, each depending on the one before it; some depend on an earlier workstream's
     * (always an earlier one, so the dependencies never close a cycle). Past baselines are delivered (a few late),
     * those around today in progress, later ones not started; some slip past the 14 days tolerated.
     */
    private static List<MilestoneRow> milestones(List<Lane> lanes, Random random) {
        List<MilestoneRow> rows = new ArrayList<>();
        for (int w = 0; w < lanes.size(); w++) {
            Lane lane = lanes.get(w);
            for (int k = 0; k < MILESTONES_PER_WORKSTREAM; k++) {
                String key = lane.prefix() + "-" + (k + 1);
                List<String> dependsOn = new ArrayList<>();
                if (k > 0) {
                    dependsOn.add(lane.prefix() + "-" + k);
                }
                if (w > 0 && k == 1 && random.nextDouble() < 0.5) {
                    dependsOn.add(lanes.get(0).prefix() + "-2");
                }
                if (w > 1 && k == 3 && random.nextDouble() < 0.4) {
                    dependsOn.add(lanes.get(1 + random.nextInt(w - 1)).prefix() + "-3");
                }
                int baseline = -480 + 150 * k + 12 * w + random.nextInt(41) - 20;
                String owner = k == 1 ? "it-lead" : lane.owner();
                String title = lane.name() + ": " + PHASES[k];
                MilestoneRow row;
                if (baseline < -14) {
                    int actual = Math.min(-1, baseline + random.nextInt(21) - 5);
                    row = new MilestoneRow(key, lane, title, baseline, null, actual, "DELIVERED",
                            random.nextDouble() < 0.1 ? "AMBER" : "GREEN", "IMPLEMENTED", owner, dependsOn);
                } else if (baseline <= 60) {
                    double draw = random.nextDouble();
                    int slip = draw < 0.3 ? 20 + random.nextInt(50) : 0;
                    String status = draw > 0.95 ? "BLOCKED" : "IN_PROGRESS";
                    String health = status.equals("BLOCKED") || slip > 45 ? "RED" : slip > 0 ? "AMBER" : "GREEN";
                    row = new MilestoneRow(key, lane, title, baseline, baseline + slip, null, status, health,
                            "DECIDED", owner, dependsOn);
                } else {
                    int slip = random.nextDouble() < 0.1 ? 20 + random.nextInt(30) : 0;
                    row = new MilestoneRow(key, lane, title, baseline, baseline + slip, null, "NOT_STARTED",
                            slip > 0 ? "AMBER" : "GREEN", "PLANNED", owner, dependsOn);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Each KPI tethered once to a milestone of its own workstream: an off-track KPI to a delivered one (progress
     * bias follows), the others to the second to fourth milestone. In every fifth initiative one commitment fell due
     * two weeks ago, short of its value (an outcome gap).
     */
    private static List<CommitmentSpec> commitments(int number, List<Lane> lanes, List<MilestoneRow> milestones,
                                                    List<KpiSpec> kpis, Random random) {
        List<CommitmentSpec> commitments = new ArrayList<>();
        boolean gapDue = number % 5 == 2;
        for (KpiSpec kpi : kpis) {
            Lane lane = lanes.stream().filter(l -> l.function().equals(kpi.function())).findFirst().orElseThrow();
            int index = kpi.course() == Course.OFF_TRACK ? 1 + random.nextInt(2) : 1 + random.nextInt(3);
            MilestoneRow milestone = milestone(milestones, lane.prefix() + "-" + (index + 1));
            boolean gap = gapDue && kpi.course() != Course.ON_TRACK;
            gapDue &= !gap;
            commitments.add(new CommitmentSpec(milestone.key(), kpi.name(), kpi.target(),
                    gap ? -14 : kpi.targetInDays(), "When '" + milestone.title() + "' is delivered, "
                    + kpi.name().substring(5).toLowerCase() + " reaches " + kpi.target(),
                    kpi.steward().equals("unassigned") ? lane.owner() : kpi.steward()));
        }
        return commitments;
    }

    static KpiSpec kpi(List<KpiSpec> kpis, String name) {
        return kpis.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    static MilestoneRow milestone(List<MilestoneRow> milestones, String key) {
        return milestones.stream().filter(m -> m.key().equals(key)).findFirst().orElseThrow();
    }

    /** The initiative's plan as the sheet the IT lead imports. */
    public static PlanSpreadsheet sheet(TenantSettings settings, InitiativeSpec initiative) {
        PlanSpreadsheet sheet = new PlanSpreadsheet(settings.today());
        for (MilestoneRow m : initiative.milestones()) {
            sheet.row(m.key(), m.lane().name(), m.lane().function(), m.lane().owner(), m.title(), m.baseline(),
                    m.forecast(), m.actual(), m.status(), m.health(), m.gate(), m.owner(), String.join(";", m.dependsOn()));
        }
        return sheet;
    }

    /**
     * A KPI's history from its baseline day to today, daily or weekly (ending today): on its planned line with a
     * little noise, then, by its course, falling behind into the AT_RISK band, turning away from the target over the
     * last eight weeks (well beyond OFF_TRACK), or stopping five weeks ago (stale).
     */
    public static List<Value> values(TenantSettings settings, KpiSpec kpi, long kpiSeed) {
        Random noise = new Random(kpiSeed);
        int days = settings.historyDays();
        double towards = Math.signum(kpi.target() - kpi.baseline());
        double planPerDay = Math.abs(kpi.target() - kpi.baseline()) / (days + kpi.targetInDays());
        int turn = days - 56;
        double awayPerDay = Math.max(0, 3 * kpi.offTrack() - planPerDay * 56) / 56;
        int last = kpi.course() == Course.STALE ? days - 35 : days;
        List<Value> values = new ArrayList<>();
        for (int day = days % kpi.cadenceDays(); day <= last; day += kpi.cadenceDays()) {
            double value = kpi.plannedAt(day, days);
            double wobble = kpi.atRisk() * 0.3 * (noise.nextDouble() * 2 - 1);
            switch (kpi.course()) {
                case AT_RISK -> {
                    double behind = day < days - 90 ? 0 : (kpi.atRisk() + kpi.offTrack()) / 2 * (day - days + 90) / 90.0;
                    value -= towards * behind;
                    wobble /= 3;
                }
                case OFF_TRACK -> {
                    if (day > turn) {
                        value = kpi.plannedAt(turn, days) - towards * awayPerDay * (day - turn);
                        wobble /= 3;
                    }
                }
                default -> {
                }
            }
            value = Math.max(0, value + wobble);
            if (kpi.validMax() != null) {
                value = Math.min(kpi.validMax(), value);
            }
            values.add(new Value(settings.historyStart().plusDays(day), Math.round(value * 100) / 100.0));
        }
        return values;
    }

    /** The initiative's KPI history as one bulk CSV batch (kpi_id, observed_at, value, row key). */
    public static String batch(TenantSettings settings, InitiativeSpec initiative, Map<String, String> kpiIds) {
        StringBuilder batch = new StringBuilder("kpi_id,observed_at,value,key\n");
        for (int k = 0; k < initiative.kpis().size(); k++) {
            KpiSpec kpi = initiative.kpis().get(k);
            String id = kpiIds.get(kpi.name());
            for (Value value : values(settings, kpi, settings.seed() * 7_919L + initiative.number() * 100L + k)) {
                batch.append(id).append(',').append(value.day()).append(',').append(value.value()).append(",tenant-")
                        .append(id).append('-').append(value.day()).append('\n');
            }
        }
        return batch.toString();
    }

    /** How many measurements the initiatives numbered 1 to {@code count} hold, without building their batches. */
    public static long measurements(TenantSettings settings, int count) {
        long total = 0;
        for (int number = 1; number <= count; number++) {
            for (KpiSpec kpi : initiative(settings, number).kpis()) {
                int days = settings.historyDays();
                int last = kpi.course() == Course.STALE ? days - 35 : days;
                total += (last - days % kpi.cadenceDays()) / kpi.cadenceDays() + 1;
            }
        }
        return total;
    }

    /** Summarises the courses drawn, for the report: e.g. "ON_TRACK 823, AT_RISK 231, ...". */
    public static String courses(TenantSettings settings, int count) {
        Map<Course, Long> byCourse = new java.util.EnumMap<>(Course.class);
        for (int number = 1; number <= count; number++) {
            initiative(settings, number).kpis().forEach(k -> byCourse.merge(k.course(), 1L, Long::sum));
        }
        return byCourse.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
