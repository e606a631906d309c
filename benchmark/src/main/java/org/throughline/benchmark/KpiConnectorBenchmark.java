package org.throughline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import org.postgresql.PGConnection;
import org.throughline.testing.FreePort;
import org.throughline.testing.PostgresServer;
import org.throughline.testing.ServiceProcess;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A SQL connector pulling a million source rows aggregated to daily values, beside the physical limit: the same
 * aggregate run directly in PostgreSQL, its result COPY'd out of the source database and COPY'd into the
 * measurements. Alternating, in one run, from empty measurement tables each time. Not a test: its own command
 * ({@code ./benchmark-connector.sh}), because it measures time.
 */
public final class KpiConnectorBenchmark {

    private static final int DAYS = 548;
    private static final String QUERY = "select (created at time zone 'UTC')::date as day,"
            + " round(avg(extract(epoch from priced - created) / 3600), 4) as value from quotes group by 1";

    private KpiConnectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        int rows = Integer.getInteger("benchmark.rows", 1_000_000);
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        Path run = home.resolve("benchmark/target/connector-run");
        Files.createDirectories(run);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today.minusDays(DAYS);

        System.out.println("Starting PostgreSQL and kpi-service ...");
        try (PostgresServer postgres = PostgresServer.startEphemeral()) {
            postgres.ensureDatabase("kpi");
            postgres.ensureDatabase("sales");
            try (Connection sales = DriverManager.getConnection(postgres.jdbcUrl("sales"), PostgresServer.USER, "")) {
                seed(sales, rows, from);
            }
            int port = FreePort.pick();
            try (ServiceProcess kpi = ServiceProcess.start(home, "kpi-service", port, Map.of(
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl("kpi"),
                    "quarkus.datasource.username", PostgresServer.USER,
                    "quarkus.datasource.password", "",
                    "throughline.security.insecure", "true", "quarkus.oidc.tenant-enabled", "false",
                    "throughline.kpi.connectors.every", "off"), run, List.of("-Xmx256m"));
                 Connection kpiDatabase = DriverManager.getConnection(postgres.jdbcUrl("kpi"), PostgresServer.USER, "");
                 Connection sales = DriverManager.getConnection(postgres.jdbcUrl("sales"), PostgresServer.USER, "")) {
                kpi.awaitReady(Duration.ofSeconds(180));
                String graphql = kpi.url("/graphql");
                String kpiId = graphql(graphql, """
                        mutation { createKpi(kpi: { name: "Quote turnaround", unit: DURATION_HOURS,
                          direction: LOWER_IS_BETTER, kind: LEAD, businessFunction: SALES, baselineValue: 20,
                          baselineDate: "%s", targetValue: 8, targetDate: "%s", measurementCadenceDays: 1,
                          accountableOwner: "bench" }) { id } }""".formatted(from.minusDays(1), today.plusDays(90)))
                        .get("createKpi").get("id").asText();
                String connectorId = graphql(graphql, """
                        mutation { defineSqlConnector(connector: { name: "Sales quotes", kpiId: "%s", everyMinutes: 15,
                          startDay: "%s", jdbcUrl: "%s", username: "%s", query: "%s", timeoutSeconds: 600 }) { id } }"""
                        .formatted(kpiId, from, postgres.jdbcUrl("sales"), PostgresServer.USER, QUERY))
                        .get("defineSqlConnector").get("id").asText();
                String copyOut = "copy (select " + kpiId + ", day, value from (" + QUERY + ") source where day >= '"
                        + from + "' and day <= '" + today + "' order by day) to stdout with (format csv)";

                List<Double> connectorTimes = new ArrayList<>();
                List<Double> directTimes = new ArrayList<>();
                long days = 0;
                // A first round of each warms caches and the JIT; it is not counted.
                for (int round = 0; round <= rounds; round++) {
                    for (int step = 0; step < 2; step++) {
                        empty(kpiDatabase);
                        boolean connectorFirst = round % 2 == 0;
                        if ((step == 0) == connectorFirst) {
                            long start = System.nanoTime();
                            JsonNode result = graphql(graphql, "mutation { backfillConnector(id: \"" + connectorId
                                    + "\", from: \"" + from + "\", to: \"" + today + "\") { outcome recorded error } }")
                                    .get("backfillConnector");
                            double seconds = (System.nanoTime() - start) / 1e9;
                            if (!result.get("outcome").asText().equals("SUCCEEDED")) {
                                throw new IllegalStateException("the connector's run failed: " + result);
                            }
                            days = result.get("recorded").asLong();
                            if (round > 0) {
                                connectorTimes.add(seconds);
                            }
                            System.out.printf("round %d  connector            %.3f s (%d days)%n", round, seconds, days);
                        } else {
                            long start = System.nanoTime();
                            ByteArrayOutputStream aggregate = new ByteArrayOutputStream();
                            sales.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut, aggregate);
                            long copied = kpiDatabase.unwrap(PGConnection.class).getCopyAPI().copyIn(
                                    "copy measurement (kpi_id, observed_at, value) from stdin with (format csv)",
                                    new ByteArrayInputStream(aggregate.toByteArray()));
                            double seconds = (System.nanoTime() - start) / 1e9;
                            if (round > 0) {
                                directTimes.add(seconds);
                            }
                            System.out.printf("round %d  aggregate + COPY     %.3f s (%d days)%n", round, seconds, copied);
                        }
                    }
                }
                double connector = median(connectorTimes);
                double direct = median(directTimes);
                String report = """
                        # A SQL connector against the physical limit

                        One run on this machine (%d cores): %,d quotes over %d days in a second database on the same
                        PostgreSQL server, aggregated to %d daily values of quote turnaround. Each path starts from empty
                        measurement tables; they alternate, after one warm-up round each.

                        | path | seconds (median of %d) |
                        |---|---:|
                        | the aggregate in PostgreSQL, `COPY (...) TO STDOUT`, its result `COPY ... FROM STDIN` into `measurement` | %.3f |
                        | `backfillConnector` over the same days (GraphQL, read-only transaction, staging, checks, batch, run kept) | %.3f |

                        The connector takes **%.2f×** the physical limit (goal: at most 2×).
                        """.formatted(Runtime.getRuntime().availableProcessors(), (long) rows, DAYS, days,
                        directTimes.size(), direct, connector, connector / direct);
                Files.writeString(home.resolve("benchmark/target/kpi-connector-results.md"), report);
                System.out.println();
                System.out.println(report);
            }
        }
    }

    /** Quotes spread evenly over the days, each priced one to 25 hours after it was created. */
    private static void seed(Connection sales, int rows, LocalDate from) throws SQLException {
        long start = System.nanoTime();
        try (Statement statement = sales.createStatement()) {
            statement.execute("create table quotes (id bigint generated always as identity primary key,"
                    + " created timestamptz not null, priced timestamptz not null)");
            statement.execute("""
                    insert into quotes (created, priced)
                    select t, t + make_interval(secs => 3600 + (i::bigint * 7919) %% 86400)
                    from (select i, timestamptz '%s 00:00:00+00' + (i * (%d.0 * 86400 / %d)) * interval '1 second' as t
                          from generate_series(0, %d) i) q""".formatted(from, DAYS, rows, rows - 1));
            statement.execute("vacuum analyze quotes");
        }
        System.out.printf("Seeded %,d quotes in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
    }

    private static void empty(Connection database) throws SQLException {
        try (Statement statement = database.createStatement()) {
            // Append-only refuses deletes row by row; a benchmark's own database is emptied whole between runs.
            statement.execute("truncate connector_run, measurement, measurement_batch");
            statement.execute("update connector set watermark = null");
            statement.execute("checkpoint");
        }
    }

    private static JsonNode graphql(String url, String document) throws IOException, InterruptedException {
        return PlainGraphQL.data(url, document, Duration.ofMinutes(10));
    }

    private static double median(List<Double> values) {
        return PlainGraphQL.median(values);
    }
}
