package org.throughline.benchmark.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import org.throughline.benchmark.tenant.CopyComparison.TableCopy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The generator's report: what the tenant holds, each write path beside COPY of its rows, the signals, the sizes. */
final class TenantReport {

    /** What one write path took: requests sent, rows (items) they carried, seconds in all. */
    record PathResult(long requests, long rows, double seconds) {
    }

    /** Which write paths wrote which tables; each table belongs to one group (events to the path writing most). */
    private record Group(String name, List<String> paths, String database, Set<String> tables) {
    }

    private static final List<Group> GROUPS = List.of(
            new Group("Plan: initiatives and plan import", List.of("Initiatives (GraphQL)", "Plan import (CSV)"),
                    "plan", null),
            new Group("KPI definitions", List.of("KPI definitions (GraphQL)"), "kpi",
                    Set.of("kpi", "kpi_revision", "kpi_driver")),
            new Group("Measurements (with kpi-service's events)", List.of("Measurements (bulk CSV batches)"), "kpi",
                    Set.of("measurement", "measurement_batch", "outbox")),
            new Group("Commitments and sign-offs", List.of("Commitments (GraphQL)", "Effect sign-offs (GraphQL)"),
                    "governance", Set.of("outcome_commitment", "commitment_revision", "effect_sign_off")),
            new Group("Reviews", List.of("Reviews: draft, decision, action, publish (GraphQL)"), "governance",
                    Set.of("review", "review_decision", "review_action", "review_action_revision",
                            "review_annotation")));

    private TenantReport() {
    }

    static String markdown(TenantSettings settings, Path data, Path home, double startSeconds, double loadSeconds,
                           Map<String, PathResult> paths, List<TableCopy> copies, Map<String, Long> onEvents,
                           double settleSeconds, JsonNode evaluation, double evaluateSeconds, Map<String, Long> open,
                           Map<String, Long> sizes) {
        Map<String, Long> rows = copies.stream().collect(Collectors.toMap(c -> c.database() + "." + c.table(),
                TableCopy::rows, Long::sum, LinkedHashMap::new));
        long daily = 0;
        long kpis = 0;
        for (int number = 1; number <= settings.initiatives(); number++) {
            for (TenantContent.KpiSpec kpi : TenantContent.initiative(settings, number).kpis()) {
                kpis++;
                daily += kpi.cadenceDays() == TenantContent.DAILY ? 1 : 0;
            }
        }
        StringBuilder report = new StringBuilder("""
                # A tenant %d times the demo, through the platform's own write paths

                One run on this machine (%d cores, shared), %s. `./generate-tenant.sh` started the platform with
                Keycloak on the data directory `%s` (kept; the platform starts on it again) in %.0f s and wrote, each
                step as the person who would take it: initiatives, KPI definitions, commitments, sign-offs and reviews
                through the gateway, each initiative's plan through plan-service's spreadsheet import, each
                initiative's KPI history as one bulk CSV batch to kpi-service, one initiative after the other from one
                client, in %.0f s in all (reads to find what is there included). Settings: `-Dtenant.initiatives=%d`,
                `-Dtenant.history-days=%d`, `-Dtenant.daily-share=%s`, `-Dtenant.seed=%d`; dates run up to %s.

                ## What it holds

                | item | rows |
                |---|---:|
                | initiatives | %,d |
                | workstreams | %,d |
                | milestones | %,d |
                | milestone dependencies | %,d |
                | plan revisions | %,d |
                | KPIs (%,d daily, %,d weekly) | %,d |
                | measurements | %,d |
                | outcome commitments | %,d |
                | effect sign-offs | %,d |
                | published reviews | %,d |

                KPI courses drawn: %s.

                ## Each write path beside COPY of the same rows

                The platform's time is the wall time of the requests of that path, one at a time, from one client;
                COPY's is PostgreSQL's `COPY ... FROM STDIN` (CSV) of the rows those requests left in the same tables,
                into a scratch copy of the service's database on the same server (same indexes, constraints and
                triggers), emptied first, parents before children.

                | write path | requests | items sent | platform | tables | rows in them | COPY | platform ÷ COPY |
                |---|---:|---:|---:|---|---:|---:|---:|
                """.formatted(settings.initiatives(), Runtime.getRuntime().availableProcessors(),
                LocalDate.now(ZoneOffset.UTC), relative(home, data), startSeconds, loadSeconds, settings.initiatives(),
                settings.historyDays(), settings.dailyShare(), settings.seed(), settings.today(),
                rows.getOrDefault("plan.initiative", 0L), rows.getOrDefault("plan.workstream", 0L),
                rows.getOrDefault("plan.milestone", 0L), rows.getOrDefault("plan.milestone_dependency", 0L),
                rows.getOrDefault("plan.plan_revision", 0L), daily, kpis - daily, rows.getOrDefault("kpi.kpi", 0L),
                rows.getOrDefault("kpi.measurement", 0L), rows.getOrDefault("governance.outcome_commitment", 0L),
                rows.getOrDefault("governance.effect_sign_off", 0L), rows.getOrDefault("governance.review", 0L),
                TenantContent.courses(settings, settings.initiatives())));
        for (Group group : GROUPS) {
            List<TableCopy> tables = copies.stream().filter(c -> c.database().equals(group.database())
                    && (group.tables() == null || group.tables().contains(c.table())) && c.rows() > 0).toList();
            long requests = group.paths().stream().mapToLong(p -> paths.get(p).requests()).sum();
            long items = group.paths().stream().mapToLong(p -> paths.get(p).rows()).sum();
            double seconds = group.paths().stream().mapToDouble(p -> paths.get(p).seconds()).sum();
            double copy = tables.stream().mapToDouble(TableCopy::seconds).sum();
            report.append("| %s | %,d | %,d | %.1f s | %s | %,d | %.2f s | %.0f× |%n".formatted(group.name(), requests,
                    items, seconds, tables.stream().map(TableCopy::table).collect(Collectors.joining(", ")),
                    tables.stream().mapToLong(TableCopy::rows).sum(), copy, copy > 0 ? seconds / copy : 0));
        }
        List<TableCopy> derived = copies.stream().filter(c -> GROUPS.stream().noneMatch(g -> g.database()
                .equals(c.database()) && (g.tables() == null || g.tables().contains(c.table()))) && c.rows() > 0).toList();
        report.append("| What governance derived (signals, read model, its events, notifications): no path of its own "
                + "| | | | %s | %,d | %.2f s | |%n".formatted(derived.stream().map(TableCopy::table)
                .collect(Collectors.joining(", ")), derived.stream().mapToLong(TableCopy::rows).sum(),
                derived.stream().mapToDouble(TableCopy::seconds).sum()));
        report.append("""

                ## The signals that follow

                Governance evaluates on the events of each write (reading again only the items they touch). Once
                it had followed every event of plan-service and kpi-service and the open signals stopped changing
                (%.0f s after the last write), open signals by kind:

                %s

                Then `evaluateSignals` (a complete read of both services) through the gateway as the governance
                lead took %.1f s and answered `%s`; open signals after it:

                %s

                ## Database sizes (`pg_database_size`, before the COPY comparison)

                | database | size |
                |---|---:|
                """.formatted(settleSeconds, signalTable(onEvents), evaluateSeconds, evaluation, signalTable(open)));
        sizes.forEach((database, bytes) -> report.append("| %s | %,d MiB |%n".formatted(database, bytes >> 20)));
        report.append("""

                ## COPY per table

                | database | table | rows | COPY |
                |---|---|---:|---:|
                """);
        copies.stream().filter(c -> c.rows() > 0).forEach(c -> report.append("| %s | %s%s | %,d | %.3f s |%n"
                .formatted(c.database(), c.table(), c.triggersOff() ? " (triggers off: they refuse this order)" : "",
                        c.rows(), c.seconds())));
        report.append("""

                Command: `./generate-tenant.sh` (`-Dtenant.initiatives=%d`); running it again on the same data
                directory writes nothing and says so.
                """.formatted(settings.initiatives()));
        return report.toString();
    }

    private static String signalTable(Map<String, Long> open) {
        StringBuilder table = new StringBuilder("| kind | open |\n|---|---:|\n");
        open.forEach((kind, count) -> table.append("| %s | %,d |%n".formatted(kind, count)));
        table.append("| all | %,d |".formatted(open.values().stream().mapToLong(Long::longValue).sum()));
        return table.toString();
    }

    private static String relative(Path home, Path data) {
        return data.startsWith(home) ? home.relativize(data).toString() : data.toString();
    }
}
