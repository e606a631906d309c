package org.throughline.benchmark.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The load benchmark's findings, as the Markdown written to docs/benchmarks/load-<date>.md. */
final class LoadReport {

    /** The questions over the whole tenant, and the p99 they must stay under at every concurrency. */
    static final Set<Question> TENANT_WIDE = Set.of(Question.BUSINESS_FUNCTION, Question.OPEN_SIGNALS);
    static final double TENANT_WIDE_P99_BUDGET_MILLIS = 2_000;

    /** One concurrency's run: how long it took and each question's answers. */
    record Phase(int executives, double seconds, Map<Question, QuestionTally> tallies, Map<String, Double> cpuSeconds) {

        Phase(int executives, double seconds, Map<Question, QuestionTally> tallies) {
            this(executives, seconds, tallies, Map.of());
        }

        Phase withCpu(Map<String, Double> cpu) {
            return new Phase(executives, seconds, tallies, cpu);
        }

        QuestionTally all() {
            return tallies.values().stream().reduce(new QuestionTally(), QuestionTally::plus);
        }

        long errors() {
            return tallies.values().stream().mapToLong(QuestionTally::errors).sum();
        }
    }

    /** One question asked on its own, one request after another: SQL statements per request by database, and p50. */
    record Isolated(Question question, String subject, int requests, Map<String, Double> statementsPerRequest,
                    double p50Millis) {

        double totalStatements() {
            return statementsPerRequest.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** One process's memory against its workload's Kubernetes limit (0 when the manifests give none). */
    record Memory(String process, long peakMiB, long highWaterMiB, long limitMiB, String localSettings,
                  String clusterSettings) {
    }

    String header = "";
    final List<Phase> phases = new ArrayList<>();
    final List<Isolated> isolated = new ArrayList<>();
    List<Isolated> flatnessDemo = List.of();
    List<Isolated> flatnessTenant = List.of();
    final List<Memory> memory = new ArrayList<>();
    String background = "";
    String signalEvaluation = "";
    /** What the replicas' checks found, when the services ran as replicas. */
    String replicaChecks = "";
    String command = "";

    String markdown() {
        StringBuilder md = new StringBuilder(header.strip()).append("\n\n");
        for (Phase phase : phases) {
            md.append(String.format(Locale.ROOT, "### %d executive%s (%.0f s)%n%n", phase.executives(),
                    phase.executives() == 1 ? "" : "s", phase.seconds()));
            md.append("| question | requests | req/s | p50 ms | p99 ms | errors | first error |\n")
                    .append("|---|---:|---:|---:|---:|---:|---|\n");
            phase.tallies().forEach((question, tally) -> row(md, question.label(), tally, phase.seconds()));
            row(md, "**all**", phase.all(), phase.seconds());
            md.append('\n');
            if (!phase.cpuSeconds().isEmpty()) {
                long requests = Math.max(1, phase.all().requests());
                md.append("CPU used, in cores busy (CPU ms per request): ").append(phase.cpuSeconds().entrySet()
                        .stream().map(cpu -> String.format(Locale.ROOT, "%s %.2f (%.0f)", cpu.getKey(),
                                cpu.getValue() / phase.seconds(), 1000 * cpu.getValue() / requests))
                        .collect(java.util.stream.Collectors.joining(", "))).append(".\n\n");
            }
        }
        if (!background.isBlank()) {
            md.append(background.strip()).append("\n\n");
        }
        md.append(goals()).append('\n');
        if (!isolated.isEmpty()) {
            md.append("## SQL statements per request\n\n");
            md.append("Each question asked alone by one executive, one request after another, the background changes "
                    + "stopped; statements counted by pg_stat_statements per database, the idle platform's own "
                    + "(timers, event readers) subtracted.\n\n");
            statementTable(md, isolated);
        }
        md.append("## Flatness: one initiative of the demo's size, at demo size and at 100 times the data\n\n");
        if (flatnessDemo.isEmpty() && flatnessTenant.isEmpty()) {
            md.append("Not measured in this run.\n\n");
        } else {
            md.append("| question | platform | initiative | statements per request (plan / kpi / governance) | "
                    + "p50 ms |\n|---|---|---|---|---:|\n");
            flatnessRows(md, "demo only", flatnessDemo);
            if (flatnessTenant.isEmpty()) {
                md.append("| 1, 4 | 100× tenant | not run: `.bench-data/tenant` was not there | | |\n");
            } else {
                flatnessRows(md, "100× tenant", flatnessTenant);
            }
            md.append('\n');
        }
        if (!memory.isEmpty()) {
            md.append("## Resident memory against the Kubernetes limits\n\n")
                    .append("| process | peak Pss MiB | VmHWM MiB (summed over its processes) | limit MiB (k8s/base) | share of limit | "
                            + "local run | cluster |\n|---|---:|---:|---:|---:|---|---|\n");
            for (Memory m : memory) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s |%n", m.process(),
                        m.peakMiB(), m.highWaterMiB(), m.limitMiB() == 0 ? "none" : String.valueOf(m.limitMiB()),
                        m.limitMiB() == 0 ? "" : String.format(Locale.ROOT, "%.0f %%", 100.0 * m.peakMiB()
                                / m.limitMiB()), m.localSettings(), m.clusterSettings()));
            }
            md.append('\n');
        }
        if (!replicaChecks.isBlank()) {
            md.append("## Replicas: what must hold after the run\n\n").append(replicaChecks.strip()).append("\n\n");
        }
        if (!signalEvaluation.isBlank()) {
            md.append("## Evaluating the signals of the whole tenant\n\n").append(signalEvaluation.strip())
                    .append("\n\n");
        }
        md.append("Command: ").append(command).append('\n');
        return md.toString();
    }

    /** The goals that this run can tell, each met or not. */
    String goals() {
        StringBuilder md = new StringBuilder("Goals:\n");
        Phase most = phases.stream().max(java.util.Comparator.comparingInt(Phase::executives)).orElse(null);
        if (most != null) {
            md.append(String.format(Locale.ROOT, "- nothing errors at %d executives: %s%n", most.executives(),
                    most.errors() == 0 ? "met" : "**missed** (" + most.errors() + " errors)"));
        }
        for (Question question : List.of(Question.BUSINESS_FUNCTION, Question.OPEN_SIGNALS)) {
            double worst = phases.stream().mapToDouble(p -> p.tallies().get(question).percentileMillis(99)).max()
                    .orElse(0);
            md.append(String.format(Locale.ROOT, "- question %s p99 under %.0f ms at every concurrency: %s (worst "
                            + "%.0f ms)%n", question.label(), TENANT_WIDE_P99_BUDGET_MILLIS,
                    worst <= TENANT_WIDE_P99_BUDGET_MILLIS ? "met" : "**missed**", worst));
        }
        if (!memory.isEmpty()) {
            List<String> over = memory.stream().filter(m -> m.limitMiB() > 0 && m.peakMiB() > m.limitMiB())
                    .map(Memory::process).toList();
            md.append("- every process inside its Kubernetes memory limit: ")
                    .append(over.isEmpty() ? "met" : "**missed** by " + String.join(", ", over)).append('\n');
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String label, QuestionTally tally, double seconds) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.0f | %.0f | %d | %s |%n", label, tally.requests(),
                tally.requests() / seconds, tally.percentileMillis(50), tally.percentileMillis(99), tally.errors(),
                tally.firstError() == null ? "" : "`" + tally.firstError().replace("|", "\\|").replace("`", "'")
                        + "`"));
    }

    private static void statementTable(StringBuilder md, List<Isolated> rows) {
        md.append("| question | asked about | requests | plan | kpi | governance | total | p50 ms |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Isolated row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.0f |%n",
                    row.question().label(), row.subject(), row.requests(), service(row, "plan"), service(row, "kpi"),
                    service(row, "governance"), row.totalStatements(), row.p50Millis()));
        }
        md.append('\n');
    }

    private static void flatnessRows(StringBuilder md, String platform, List<Isolated> rows) {
        for (Isolated row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f / %.1f / %.1f | %.0f |%n",
                    row.question().label(), platform, row.subject(), service(row, "plan"), service(row, "kpi"),
                    service(row, "governance"), row.p50Millis()));
        }
    }

    private static double service(Isolated row, String database) {
        return row.statementsPerRequest().getOrDefault(database, 0.0);
    }
}
