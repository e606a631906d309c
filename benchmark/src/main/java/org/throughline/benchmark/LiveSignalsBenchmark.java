package org.throughline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import org.throughline.launcher.DemoData;
import org.throughline.launcher.GraphQLClient;
import org.throughline.launcher.Platform;
import org.throughline.testing.GraphQLWebSocket;
import org.throughline.testing.PostgresServer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The time from a measurement recorded to the signal it raises or clears arriving at a subscribed client, on the
 * whole platform as the local run starts it (Keycloak, the demo loaded, the five-minute timer left on): the CFO
 * subscribes to PROGRESS_BIAS over graphql-ws at governance-service, and a steward records quote turnaround for
 * today through the gateway, alternately on the committed trajectory (the demo's bias clears) and far off it (it is
 * raised again). Not a test: its own command ({@code ./benchmark-live.sh}), because it measures time.
 */
public final class LiveSignalsBenchmark {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private LiveSignalsBenchmark() {
    }

    /** The latencies measured on one data set, and how big it was. */
    private record Run(String data, Map<String, Long> size, List<Double> millis) {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        int rounds = Integer.getInteger("benchmark.rounds", 100);
        int warmUp = Integer.getInteger("benchmark.warm-up", 10);
        Path tenant = home.resolve(System.getProperty("benchmark.tenant", ".bench-data/tenant"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Run> runs = new ArrayList<>();
        if (!Boolean.getBoolean("benchmark.tenant-only")) {
            System.out.println("Starting the platform with Keycloak on a fresh database and loading the demo ...");
            runs.add(run("the demo", home, null, home.resolve("benchmark/target/live-run"), today, rounds, warmUp));
        }
        if (Files.isDirectory(tenant)) {
            System.out.println("Starting the platform on the tenant in " + home.relativize(tenant)
                    + " and loading the demo into it unless it is there ...");
            runs.add(run("the tenant in `" + home.relativize(tenant) + "` (`./generate-tenant.sh`), with the demo",
                    home, tenant, home.resolve("benchmark/target/live-run-tenant"), today, rounds, warmUp));
        } else {
            System.out.println("No tenant in " + tenant + " (./generate-tenant.sh builds one): the demo only.");
        }
        StringBuilder rows = new StringBuilder();
        for (Run run : runs) {
            rows.append(row(run));
        }
        String report = """
                # From a measurement to the signal at a subscriber

                One run on this machine (%d cores), %s: the whole platform as `./run.sh` starts it (Keycloak, every
                token checked), the CFO subscribed over graphql-ws through the gateway to PROGRESS_BIAS (each event
                joined with the KPI's name and status from kpi-service), the sales steward recording the demo's quote
                turnaround for today through the gateway, alternately on the committed trajectory (the bias clears)
                and 25 h off it (it is raised again), the demo's quotes connector paused so that the steward's values are
                today's only ones. Measured from sending the measurement to the event arriving at the subscriber; %d rounds after %d of warm-up, on each data set in turn.

                | data | initiatives | milestones | KPIs | measurements | p50 | p90 | p99 | max | goal p99 |
                |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                %s
                Command: `./benchmark-live.sh` (`-Dbenchmark.rounds=%d`; the tenant is `-Dbenchmark.tenant=%s`).
                """.formatted(Runtime.getRuntime().availableProcessors(), today, rounds, warmUp, rows.toString().strip(),
                rounds, home.relativize(tenant));
        Path file = home.resolve("docs/benchmarks/live-signals-" + today + ".md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println(report);
        System.out.println("Written to " + home.relativize(file));
    }

    /** The report's line for one data set. */
    private static String row(Run run) {
        List<Double> millis = run.millis();
        return "| %s | %,d | %,d | %,d | %,d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | 2,000 ms |%n".formatted(
                run.data(), run.size().get("initiatives"), run.size().get("milestones"), run.size().get("kpis"),
                run.size().get("measurements"), HostileRequestsReport.percentile(millis, 50), HostileRequestsReport.percentile(millis, 90),
                HostileRequestsReport.percentile(millis, 99), millis.get(millis.size() - 1));
    }

    /** Starts the platform on {@code data} (a fresh database when null), loads the demo unless there, and measures. */
    private static Run run(String name, Path home, Path data, Path logs, LocalDate today, int rounds, int warmUp)
            throws Exception {
        try (Platform platform = new Platform(home, Platform.Ports.free(), data, logs).onProgress(System.out::println)
                .start()) {
            new DemoData(platform, today).loadUnlessPresent();
            Run run = new Run(name, size(platform), measure(platform, today, rounds, warmUp));
            System.out.print(row(run));
            return run;
        }
    }

    /** How many initiatives, milestones, KPIs and measurements the platform holds. */
    private static Map<String, Long> size(Platform platform) throws Exception {
        Map<String, Long> size = new java.util.LinkedHashMap<>();
        try (var plan = java.sql.DriverManager.getConnection(platform.jdbcUrl("plan"), PostgresServer.USER, "");
             var kpi = java.sql.DriverManager.getConnection(platform.jdbcUrl("kpi"), PostgresServer.USER, "")) {
            size.put("initiatives", count(plan, "initiative"));
            size.put("milestones", count(plan, "milestone"));
            size.put("kpis", count(kpi, "kpi"));
            size.put("measurements", count(kpi, "measurement"));
        }
        return size;
    }

    private static long count(java.sql.Connection connection, String table) throws java.sql.SQLException {
        try (var statement = connection.createStatement();
             var row = statement.executeQuery("select count(*) from " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<Double> measure(Platform platform, LocalDate today, int rounds, int warmUp)
            throws InterruptedException {
        GraphQLClient cfo = platform.clientAs("cfo");
        JsonNode bias = cfo.data("""
                { commitments { id kpi { id name } outcome { expectedValueToday } } }
                """, Map.of()).get("commitments");
        JsonNode biased = null;
        for (JsonNode commitment : bias) {
            if ("Quote turnaround time".equals(commitment.at("/kpi/name").asText())) {
                biased = commitment;
            }
        }
        if (biased == null) {
            throw new IllegalStateException("the demo has no commitment on quote turnaround: " + bias);
        }
        String commitment = biased.get("id").asText();
        String kpi = biased.at("/kpi/id").asText();
        double onTrack = biased.at("/outcome/expectedValueToday").asDouble();
        double offTrack = onTrack + 25;
        // The steward's values must be today's only source of quote turnaround: the demo's connector, left on, would
        // restate today from the sales system every minute and turn the signal between two rounds.
        GraphQLClient dataEngineer = platform.clientAs("data-engineer");
        for (JsonNode connector : dataEngineer.data("{ connectors { id name } }", Map.of()).get("connectors")) {
            if (DemoData.QUOTES_CONNECTOR.equals(connector.get("name").asText())) {
                dataEngineer.data("mutation Pause($id: ID!) { setConnectorEnabled(id: $id, enabled: false) { id } }",
                        Map.of("id", connector.get("id").asText()));
            }
        }
        // The rounds start from the bias raised, so that the first one clears it.
        recordQuoteTurnaround(platform.clientAs("sales-steward"), kpi, offTrack, today);
        awaitOpenBias(cfo, commitment);
        URI socket = URI.create(platform.gatewayUrl().replaceFirst("^http", "ws"));
        List<Double> millis = new ArrayList<>();
        // The steward's token is renewed every 20 rounds, the CFO's socket with it: tokens live five minutes.
        GraphQLWebSocket subscriber = null;
        GraphQLClient steward = null;
        try {
            for (int round = 0; round < rounds + warmUp; round++) {
                if (round % 20 == 0) {
                    if (subscriber != null) {
                        subscriber.close();
                    }
                    subscriber = subscribe(platform, socket);
                    steward = platform.clientAs("sales-steward");
                }
                boolean clear = round % 2 == 0;
                String expected = clear ? "CLEARED" : "RAISED";
                long sent = System.nanoTime();
                recordQuoteTurnaround(steward, kpi, clear ? onTrack : offTrack, today);
                awaitChange(subscriber, commitment, expected);
                double elapsed = (System.nanoTime() - sent) / 1e6;
                if (round >= warmUp) {
                    millis.add(elapsed);
                }
            }
        } finally {
            if (subscriber != null) {
                subscriber.close();
            }
        }
        Collections.sort(millis);
        return millis;
    }

    private static void recordQuoteTurnaround(GraphQLClient steward, String kpi, double value, LocalDate today) {
        steward.data("""
                mutation Measure($kpi: ID!, $value: Float!, $day: Date!) {
                  recordMeasurement(measurement: { kpiId: $kpi, value: $value, observedAt: $day }) { id }
                }
                """, Map.of("kpi", kpi, "value", value, "day", today.toString()));
    }

    /** Waits until the commitment's PROGRESS_BIAS is open, as the CFO reads the open signals. */
    private static void awaitOpenBias(GraphQLClient cfo, String commitment) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode signal : cfo.data("{ signals(filter: { kinds: [PROGRESS_BIAS] }) { subjectId } }", Map.of())
                    .get("signals")) {
                if (commitment.equals(signal.get("subjectId").asText())) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the demo's PROGRESS_BIAS on commitment " + commitment + " was not raised within "
                + WITHIN);
    }

    private static GraphQLWebSocket subscribe(Platform platform, URI socket) {
        // Through the gateway, as a front end subscribes: each event comes back with the KPI's status from kpi-service.
        GraphQLWebSocket subscriber = GraphQLWebSocket.open(socket, Map.of())
                .init(Map.of("Authorization", platform.bearer("cfo")), WITHIN);
        subscriber.subscribe("bias", """
                subscription {
                  signalEvents(filter: { kinds: [PROGRESS_BIAS] }) { change signal { subjectId kpi { name analytics { status } } } }
                }
                """, Map.of());
        return subscriber;
    }

    private static void awaitChange(GraphQLWebSocket subscriber, String commitment, String change) {
        while (true) {
            JsonNode message = subscriber.next(WITHIN);
            if (!"next".equals(message.path("type").asText())) {
                throw new IllegalStateException("the subscription ended: " + message);
            }
            JsonNode event = message.at("/payload/data/signalEvents");
            if (commitment.equals(event.at("/signal/subjectId").asText()) && change.equals(event.get("change").asText())) {
                return;
            }
        }
    }
}
