package org.throughline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.throughline.testing.FreePort;
import org.throughline.testing.PostgresServer;
import org.throughline.testing.ServiceProcess;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * kpi-service's bulk ingestion beside PostgreSQL's own COPY of the same rows into the same table, in one run and
 * alternating, and the time analytics take for many KPIs in one round trip. Not a test: its own command
 * ({@code ./benchmark-kpi.sh}), because it measures time.
 */
public final class KpiIngestionBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String COPY = "copy measurement (kpi_id, observed_at, value, idempotency_key)"
            + " from stdin with (format csv, header true)";

    private KpiIngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        int rows = Integer.getInteger("benchmark.rows", 1_000_000);
        int kpiCount = Integer.getInteger("benchmark.kpis", 500);
        int rounds = Integer.getInteger("benchmark.rounds", 2);
        String heap = System.getProperty("benchmark.heap", "256m");
        Path run = home.resolve("benchmark/target/kpi-run");
        Files.createDirectories(run);

        System.out.printf("Starting PostgreSQL and kpi-service (-Xmx%s) ...%n", heap);
        try (PostgresServer postgres = PostgresServer.startEphemeral()) {
            postgres.ensureDatabase("kpi");
            int port = FreePort.pick();
            // Ingestion is what is measured, beside COPY, which checks no tokens: kpi-service runs as the insecure
            // quick start (no Keycloak here).
            try (ServiceProcess kpi = ServiceProcess.start(home, "kpi-service", port, Map.of(
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl("kpi"),
                    "quarkus.datasource.username", PostgresServer.USER,
                    "quarkus.datasource.password", "",
                    "throughline.security.insecure", "true", "quarkus.oidc.tenant-enabled", "false"),
                    run, List.of("-Xmx" + heap));
                 Connection database = DriverManager.getConnection(postgres.jdbcUrl("kpi"), PostgresServer.USER, "")) {
                kpi.awaitReady(Duration.ofSeconds(180));
                List<Long> kpis = defineKpis(kpi.url("/graphql"), kpiCount);
                Path file = writeBatch(run.resolve("measurements.csv"), kpis, rows / kpiCount);
                long bytes = Files.size(file);
                System.out.printf("Batch: %,d rows for %d KPIs, %,d bytes of CSV%n", (long) rows, kpiCount, bytes);

                List<Double> copyRates = new ArrayList<>();
                List<Double> bulkRates = new ArrayList<>();
                long heapPeak = 0;
                for (int round = 0; round < rounds; round++) {
                    for (int step = 0; step < 2; step++) {
                        boolean copyFirst = round % 2 == 0;
                        empty(database);
                        if ((step == 0) == copyFirst) {
                            double seconds = copy(database, file);
                            copyRates.add(rows / seconds);
                            System.out.printf("round %d  COPY        %,10.0f rows/s (%.2f s)%n", round + 1, rows / seconds, seconds);
                        } else {
                            HeapWatch watch = HeapWatch.start(kpi.url("/q/metrics"));
                            double seconds = bulk(kpi.url("/measurements/batches"), file, "bench-" + round, rows);
                            heapPeak = Math.max(heapPeak, watch.stop());
                            bulkRates.add(rows / seconds);
                            System.out.printf("round %d  bulk HTTP   %,10.0f rows/s (%.2f s)%n", round + 1, rows / seconds, seconds);
                        }
                    }
                }
                // The table holds the batch as the service recorded it: analytics read that.
                empty(database);
                bulk(kpi.url("/measurements/batches"), file, "bench-analytics", rows);
                try (Statement analyze = database.createStatement()) {
                    analyze.execute("analyze measurement");
                }
                double few = analytics(kpi.url("/graphql"), "bench-few", 50);
                double all = analytics(kpi.url("/graphql"), null, kpiCount);

                double copyRate = median(copyRates);
                double bulkRate = median(bulkRates);
                String report = """
                        # kpi-service ingestion and analytics

                        One run on this machine (%d cores), %,d rows for %d KPIs (%,d measurements each), %,d bytes of CSV.
                        Each run starts from an empty measurement table; COPY and the bulk endpoint alternate.

                        | path | rows/s (median of %d) |
                        |---|---:|
                        | PostgreSQL `COPY ... FROM STDIN` (csv) into `measurement`, same rows | %,.0f |
                        | kpi-service `POST /measurements/batches` (text/csv, streamed) | %,.0f |

                        Bulk ingestion runs at **%.0f %%** of raw COPY's throughput (goal: at least 50 %%), with
                        kpi-service at `-Xmx%s`; its heap peaked at %,d MiB while ingesting (sampled from /q/metrics).

                        Analytics in one GraphQL round trip (`kpis { analytics { ... } }`, median of 5 after a warm-up):

                        | KPIs | measurements | ms |
                        |---:|---:|---:|
                        | 50 | %,d | %.0f |
                        | %d | %,d | %.0f |
                        """.formatted(Runtime.getRuntime().availableProcessors(), (long) rows, kpiCount, rows / kpiCount,
                        bytes, copyRates.size(), copyRate, bulkRate, 100 * bulkRate / copyRate, heap, heapPeak >> 20,
                        50L * (rows / kpiCount), few, kpiCount, (long) rows, all);
                Files.writeString(home.resolve("benchmark/target/kpi-results.md"), report);
                System.out.println();
                System.out.println(report);
            }
        }
    }

    /** KPIs in batches of 50 aliased mutations per request; the first 50 have their own steward. */
    private static List<Long> defineKpis(String url, int count) throws IOException, InterruptedException {
        List<Long> ids = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int start = 0; start < count; start += 50) {
            StringBuilder document = new StringBuilder("mutation Define {");
            for (int i = start; i < Math.min(count, start + 50); i++) {
                document.append(" k").append(i).append(": createKpi(kpi: { name: \"Benchmark KPI ").append(i)
                        .append("\", unit: COUNT, direction: HIGHER_IS_BETTER, kind: LEAD, businessFunction: OPERATIONS,")
                        .append(" baselineValue: 0, baselineDate: \"").append(today.minusDays(2100))
                        .append("\", targetValue: 100, targetDate: \"").append(today.plusDays(100))
                        .append("\", measurementCadenceDays: 1, accountableOwner: \"")
                        .append(i < 50 ? "bench-few" : "bench").append("\" }) { id }");
            }
            JsonNode data = graphql(url, document.append(" }").toString());
            for (int i = start; i < Math.min(count, start + 50); i++) {
                ids.add(data.get("k" + i).get("id").asLong());
            }
        }
        return ids;
    }

    /** One measurement per KPI and business day, going back from yesterday, each with its own row key. */
    private static Path writeBatch(Path file, List<Long> kpis, int days) throws IOException {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write("kpi_id,observed_at,value,key\n");
            for (long kpi : kpis) {
                for (int day = 0; day < days; day++) {
                    writer.write(kpi + "," + yesterday.minusDays(day) + "," + (40 + (kpi * 7 + day * 13) % 60) + ".5,k"
                            + kpi + "-" + day + "\n");
                }
            }
        }
        return file;
    }

    private static void empty(Connection database) throws SQLException {
        try (Statement statement = database.createStatement()) {
            // Append-only refuses deletes row by row; a benchmark's own database is emptied whole between runs.
            statement.execute("truncate measurement, measurement_batch");
            statement.execute("checkpoint");
        }
    }

    private static double copy(Connection database, Path file) throws SQLException, IOException {
        return PostgresCopy.seconds(database, COPY, file);
    }

    private static double bulk(String url, Path file, String key, int rows) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(10)).header("Content-Type", "text/csv").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200 || JSON.readTree(response.body()).get("recorded").asLong() != rows) {
            throw new IllegalStateException("the batch was not recorded whole: " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        return seconds;
    }

    private static double analytics(String url, String owner, int expected) throws IOException, InterruptedException {
        String document = "query Analytics { kpis" + (owner == null ? "" : "(accountableOwner: \"" + owner + "\")")
                + " { id analytics { currentValue plannedValue variance attainment trendPerDay forecastAtTarget status } } }";
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            JsonNode data = graphql(url, document);
            if (data.get("kpis").size() != expected) {
                throw new IllegalStateException("expected " + expected + " KPIs, got " + data.get("kpis").size());
            }
            if (i > 0) {
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        return median(times);
    }

    private static JsonNode graphql(String url, String document) throws IOException, InterruptedException {
        return PlainGraphQL.data(url, document, Duration.ofMinutes(2));
    }

    private static double median(List<Double> values) {
        return PlainGraphQL.median(values);
    }

    /** Samples the service's heap in use from its metrics while a batch is ingested, keeping the peak. */
    private static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private HeapWatch(String url) {
            thread = new Thread(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
                while (running) {
                    try {
                        long used = HTTP.send(request, HttpResponse.BodyHandlers.ofLines()).body()
                                .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)
                                        .toLowerCase(Locale.ROOT)))
                                .sum();
                        peak.accumulateAndGet(used, Math::max);
                        Thread.sleep(200);
                    } catch (IOException e) {
                        // a sample missed; the next one counts
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
        }

        static HeapWatch start(String url) {
            HeapWatch watch = new HeapWatch(url);
            watch.thread.start();
            return watch;
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak.get();
        }
    }
}
