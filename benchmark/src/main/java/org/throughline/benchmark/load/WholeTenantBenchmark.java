package org.throughline.benchmark.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.throughline.launcher.GraphQLClient;
import org.throughline.launcher.Platform;
import org.throughline.testing.Directories;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The questions and changes over a whole tenant that issue 33 found slow or unpaged, measured for two builds of the
 * platform side by side in one run, each on its own fresh copy of the same kept data directory: reading every open
 * signal and every commitment, evaluating the signals of the whole tenant, publishing a review, and fifteen
 * {@code commitOutcome} mutations in one document. Not a test: {@code java ... WholeTenantBenchmark}.
 *
 * <p>Settings (system properties): {@code load.data} (the kept data directory, e.g. {@code .bench-data/tenant}),
 * {@code tenant.builds} ({@code label=home,label=home}: each a directory with the packaged applications; default the
 * current one as {@code this}), {@code tenant.evaluations} (3). Runs without Keycloak (the insecure quick start): the
 * costs measured are the services', not the sign-in's.
 */
public final class WholeTenantBenchmark {

    private static final String SIGNALS_PAGE = """
            query TenantSignals($first: Int, $after: ID) { signals(first: $first, after: $after) { id severity } }""";
    private static final String SIGNALS_CAPPED = "query TenantSignals { signals(first: 1000) { id severity } }";
    private static final String COMMITMENTS_PAGE = """
            query TenantCommitments($first: Int, $after: ID) { commitments(first: $first, after: $after) { id dueDate } }""";
    private static final String COMMITMENTS_ALL = "query TenantCommitments { commitments { id dueDate } }";

    private WholeTenantBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        Path data = Path.of(System.getProperty("load.data", ".bench-data/tenant")).toAbsolutePath().normalize();
        int evaluations = Integer.getInteger("tenant.evaluations", 3);
        Map<String, Path> builds = new LinkedHashMap<>();
        for (String build : System.getProperty("tenant.builds", "this=" + home).split(",")) {
            String[] labelAndHome = build.split("=", 2);
            builds.put(labelAndHome[0].trim(), Path.of(labelAndHome[1].trim()).toAbsolutePath().normalize());
        }
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        for (Map.Entry<String, Path> build : builds.entrySet()) {
            System.out.println("Build " + build.getKey() + " (" + build.getValue() + ") on a fresh copy of " + data);
            results.put(build.getKey(), measure(build.getValue(), data, evaluations));
        }
        StringBuilder table = new StringBuilder("| on the tenant |");
        results.keySet().forEach(label -> table.append(' ').append(label).append(" |"));
        table.append("\n|---|").append("---:|".repeat(results.size())).append('\n');
        results.values().iterator().next().keySet().forEach(row -> {
            table.append("| ").append(row).append(" |");
            results.values().forEach(measured -> table.append(' ').append(measured.getOrDefault(row, "")).append(" |"));
            table.append('\n');
        });
        System.out.println();
        System.out.println(table);
    }

    private static Map<String, String> measure(Path home, Path data, int evaluations) throws Exception {
        Path copy = Files.createTempDirectory("throughline-tenant-copy");
        Map<String, String> measured = new LinkedHashMap<>();
        try {
            copyTree(data, copy);
            try (Platform platform = new Platform(home, Platform.Ports.free(), copy, home.resolve(
                    "benchmark/target/whole-tenant-run"), false)
                    .configurePostgres(StatementCounter.POSTGRES_SETTINGS)
                    // The timer's evaluations would land in the middle of what is measured.
                    .configure("governance", Map.of("throughline.governance.signals.every", "off"))
                    .onProgress(step -> System.out.println("  " + step)).start();
                 StatementCounter counter = new StatementCounter(platform.jdbcUrl("postgres"))) {
                GraphQLClient client = new GraphQLClient(platform.gatewayUrl(), null, Duration.ofSeconds(120));
                readAll(client, counter, measured, "open signals", SIGNALS_PAGE, SIGNALS_CAPPED, "signals");
                readAll(client, counter, measured, "active commitments", COMMITMENTS_PAGE, COMMITMENTS_ALL,
                        "commitments");
                // A first evaluation warms the services up; one that missed governance's upstream deadline leaves the
                // service held off for 10 s.
                JsonNode warm = client.post("mutation TenantWarmUp { evaluateSignals { open } }", Map.of());
                measured.put("warm-up evaluation", warm.hasNonNull("errors") ? "failed" + errors(warm) : "answered");
                if (warm.hasNonNull("errors")) {
                    Thread.sleep(11_000);
                }
                for (int i = 1; i <= evaluations; i++) {
                    counter.reset();
                    long start = System.nanoTime();
                    JsonNode evaluation = client.post("mutation TenantEvaluate { evaluateSignals { raised cleared open } }",
                            Map.of());
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    measured.put("`evaluateSignals` #" + i, millis + " ms, " + statements(counter) + errors(evaluation));
                }
                publishReview(client, counter, measured);
                commitFifteen(client, counter, platform, measured);
            }
        } finally {
            Directories.delete(copy);
        }
        return measured;
    }

    /** Every item a list question can reach: page by page when the build pages it, else in its one answer. */
    private static void readAll(GraphQLClient client, StatementCounter counter, Map<String, String> measured,
                                String what, String paged, String unpaged, String field) throws SQLException {
        counter.reset();
        long start = System.nanoTime();
        JsonNode first = client.post(paged, GraphQLClient.variables("first", 500, "after", null));
        int pages = 0;
        int read = 0;
        if (first.hasNonNull("errors")) {
            JsonNode all = client.post(unpaged, Map.of());
            pages = 1;
            read = all.at("/data/" + field).size();
        } else {
            JsonNode page = first;
            while (true) {
                pages++;
                JsonNode items = page.at("/data/" + field);
                read += items.size();
                if (items.size() < 500) {
                    break;
                }
                page = client.post(paged, GraphQLClient.variables("first", 500, "after",
                        items.get(items.size() - 1).path("id").asText()));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        measured.put(what + " read", String.format(Locale.ROOT, "%,d in %d request%s, %d ms, %s", read, pages,
                pages == 1 ? "" : "s", millis, statements(counter)));
    }

    private static void publishReview(GraphQLClient client, StatementCounter counter, Map<String, String> measured)
            throws SQLException {
        String initiative = client.data("query TenantInitiative { initiatives(first: 1) { nodes { id } } }", Map.of())
                .at("/initiatives/nodes/0/id").asText();
        JsonNode review = client.data("""
                        mutation TenantReview($initiative: ID!) {
                          createReview(review: { initiativeId: $initiative, title: "Benchmark review", heldOn: "%s" }) { id version }
                        }""".formatted(LocalDate.now(ZoneOffset.UTC)), Map.of("initiative", initiative))
                .get("createReview");
        counter.reset();
        long start = System.nanoTime();
        JsonNode published = client.post("""
                mutation TenantPublish($id: ID!, $version: Int!) { publishReview(id: $id, version: $version) { publishedAt } }""",
                Map.of("id", review.path("id").asText(), "version", review.path("version").asInt()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        measured.put("`publishReview` (initiative " + initiative + ")", millis + " ms, " + statements(counter)
                + errors(published));
    }

    /**
     * Fifteen new tethers in one document (aliases, each mutation its own transaction), then fifteen others in one
     * {@code commitOutcomes} where the build has it: milestones of the first initiative to KPIs they lack.
     */
    private static void commitFifteen(GraphQLClient client, StatementCounter counter, Platform platform,
                                      Map<String, String> measured) throws SQLException {
        JsonNode found = client.data("""
                query TenantTethers {
                  initiatives(first: 1) { nodes { milestones { id commitments { kpi { id } } } } }
                  kpis(first: 40) { id baselineDate }
                }""", Map.of());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> tethers = new ArrayList<>();
        for (JsonNode milestone : found.at("/initiatives/nodes/0/milestones")) {
            Set<String> tethered = new HashSet<>();
            milestone.path("commitments").forEach(c -> tethered.add(c.at("/kpi/id").asText()));
            int ofThisMilestone = 0;
            for (JsonNode kpi : found.path("kpis")) {
                if (tethers.size() < 30 && ofThisMilestone < 2 && !tethered.contains(kpi.path("id").asText())) {
                    LocalDate baseline = LocalDate.parse(kpi.path("baselineDate").asText());
                    LocalDate due = baseline.isAfter(today) ? baseline.plusDays(200) : today.plusDays(200);
                    tethers.add(String.format(Locale.ROOT, """
                            { milestoneId: "%s", kpiId: "%s", expectedValue: 1.0, dueDate: "%s",
                              rationale: "Benchmark tether", accountableOwner: "pmo-lead" }""",
                            milestone.path("id").asText(), kpi.path("id").asText(), due));
                    ofThisMilestone++;
                }
            }
        }
        StringBuilder aliased = new StringBuilder("mutation TenantCommitFifteen {\n");
        for (int i = 0; i < 15; i++) {
            aliased.append("  c").append(i).append(": commitOutcome(commitment: ").append(tethers.get(i))
                    .append(") { id }\n");
        }
        JsonNode answer = timedWrite(client, counter, platform, measured, "15 `commitOutcome` in one document",
                aliased.append("}").toString());
        int answered = 0;
        for (int i = 0; i < 15; i++) {
            answered += answer.at("/data/c" + i + "/id").isTextual() ? 1 : 0;
        }
        measured.merge("15 `commitOutcome` in one document", ", " + answered + " answered", String::concat);
        timedWrite(client, counter, platform, measured, "15 in one `commitOutcomes`",
                "mutation TenantCommitBatch { commitOutcomes(commitments: [" + String.join(", ", tethers.subList(15, 30))
                        + "]) { id } }");
    }

    private static JsonNode timedWrite(GraphQLClient client, StatementCounter counter, Platform platform,
                                       Map<String, String> measured, String row, String document) throws SQLException {
        long before = commitmentCount(platform);
        counter.reset();
        long start = System.nanoTime();
        JsonNode answer = client.post(document, Map.of());
        long millis = (System.nanoTime() - start) / 1_000_000;
        measured.put(row, String.format(Locale.ROOT, "%d ms, %d written, %s%s", millis,
                commitmentCount(platform) - before, statements(counter), errors(answer)));
        return answer;
    }

    private static long commitmentCount(Platform platform) throws SQLException {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl("governance"), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from outcome_commitment")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String statements(StatementCounter counter) throws SQLException {
        Map<String, Long> byDatabase = counter.byDatabase();
        List<String> parts = new ArrayList<>();
        for (String database : List.of("plan", "kpi", "governance")) {
            parts.add(database + " " + byDatabase.getOrDefault(database, 0L));
        }
        return "statements " + String.join(" / ", parts);
    }

    private static String errors(JsonNode answer) {
        JsonNode errors = answer.path("errors");
        if (errors.isMissingNode() || errors.isNull() || errors.isEmpty()) {
            return "";
        }
        String first = errors.get(0).path("message").asText();
        return ", " + errors.size() + " error(s), the first: " + first.substring(0, Math.min(160, first.length()));
    }

    private static void copyTree(Path from, Path to) throws IOException, InterruptedException {
        Process copy = new ProcessBuilder("cp", "-a", from + "/.", to.toString()).inheritIO().start();
        if (copy.waitFor() != 0) {
            throw new IOException("could not copy " + from + " to " + to);
        }
    }
}
