package org.throughline.benchmark.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.throughline.benchmark.tenant.CopyComparison.TableCopy;
import org.throughline.benchmark.tenant.TenantContent.CommitmentSpec;
import org.throughline.benchmark.tenant.TenantContent.InitiativeSpec;
import org.throughline.benchmark.tenant.TenantContent.KpiSpec;
import org.throughline.launcher.GraphQLClient;
import org.throughline.launcher.Platform;
import org.throughline.launcher.PlanSpreadsheet;
import org.throughline.testing.PostgresServer;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.throughline.launcher.GraphQLClient.variables;

/**
 * Builds a tenant about a hundred times the demo through the platform's own write paths, each step signed in as the
 * person who would take it: initiatives and KPI definitions, commitments, sign-offs and reviews through the gateway,
 * plans through plan-service's spreadsheet import, KPI history through kpi-service's bulk batches. Then it waits for
 * the signals that follow and reports, per write path, rows and time beside PostgreSQL's COPY of the same rows into
 * the same tables. The data directory is kept, for later runs to start the platform on; running again on it adds
 * only what is missing (nothing, once complete). Not a test: its own command ({@code ./generate-tenant.sh}).
 */
public final class TenantGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PLAN_EDITOR = "it-lead";
    static final String KPI_STEWARD = "sales-steward";
    static final String GOVERNANCE_LEAD = "pmo-lead";
    /** Access tokens live five minutes; a client is signed in again well before. */
    private static final Duration SIGN_IN_AGAIN = Duration.ofMinutes(3);

    /** Time, requests and rows written by one write path. */
    private static final class PathTiming {
        long nanos;
        long requests;
        long rows;
    }

    /** A user's client of the gateway and Authorization header, signed in at a time. */
    private record SignedIn(GraphQLClient client, String authorization, long at) {
    }

    private final Platform platform;
    private final TenantSettings settings;
    private final Map<String, SignedIn> signedIn = new HashMap<>();
    private final Map<String, PathTiming> paths = new LinkedHashMap<>();
    private double loadSeconds;

    TenantGenerator(Platform platform, TenantSettings settings) {
        this.platform = platform;
        this.settings = settings;
        for (String path : List.of("Initiatives (GraphQL)", "Plan import (CSV)", "KPI definitions (GraphQL)",
                "Measurements (bulk CSV batches)", "Commitments (GraphQL)", "Effect sign-offs (GraphQL)",
                "Reviews: draft, decision, action, publish (GraphQL)")) {
            paths.put(path, new PathTiming());
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        Path data = home.resolve(System.getProperty("tenant.data", ".bench-data/tenant"));
        int initiatives = Integer.getInteger("tenant.initiatives", 100);
        TenantSettings settings = anchoredSettings(data, initiatives);
        Files.createDirectories(data.getParent());
        System.out.printf("Tenant in %s: %d initiatives, %d days of history, %.0f %% of the KPIs daily, seed %d, "
                        + "dated from %s%n", data, initiatives, settings.historyDays(), settings.dailyShare() * 100,
                settings.seed(), settings.today());
        long started = System.nanoTime();
        // The data directory is PostgreSQL's, as the benchmarks that start the platform on the tenant pass it to
        // Platform; Keycloak's home lies beside it, the settings it was generated with too.
        try (Platform platform = new Platform(home, Platform.Ports.free(), data,
                home.resolve("benchmark/target/tenant-run")).onProgress(System.out::println).start()) {
            double startSeconds = (System.nanoTime() - started) / 1e9;
            saveSettings(data, settings);
            TenantGenerator generator = new TenantGenerator(platform, settings);
            long written = generator.load();
            if (written == 0) {
                System.out.printf("The tenant in %s already holds all %d initiatives: nothing was written.%n", data,
                        initiatives);
                System.out.println("Open signals: " + generator.openSignals());
                return;
            }
            String report = generator.report(home, data, startSeconds);
            Path file = home.resolve("docs/benchmarks/tenant-" + LocalDate.now(ZoneOffset.UTC) + ".md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report);
            System.out.println(report);
            System.out.println("Written to " + home.relativize(file));
        }
    }

    /**
     * The settings of the tenant in {@code data}: those it was generated with when it exists (its dates stay
     * anchored to the day it was first generated, so running again finds the same rows), else from the -D options.
     */
    static TenantSettings anchoredSettings(Path data, int initiatives) throws IOException {
        Path file = settingsFile(data);
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                stored.load(reader);
            }
        }
        TenantSettings settings = new TenantSettings(initiatives,
                Integer.parseInt(option(stored, "history-days", "548")),
                Double.parseDouble(option(stored, "daily-share", "0.5")),
                Long.parseLong(option(stored, "seed", "33")),
                LocalDate.parse(stored.getProperty("today", LocalDate.now(ZoneOffset.UTC).toString())));
        return settings;
    }

    /** A setting of a tenant already generated wins; asking for another value is a mistake, said as such. */
    private static String option(Properties stored, String name, String fallback) {
        String asked = System.getProperty("tenant." + name);
        String kept = stored.getProperty(name);
        if (kept != null && asked != null && !kept.equals(asked)) {
            throw new IllegalArgumentException("The tenant in this data directory was generated with tenant." + name
                    + "=" + kept + ", not " + asked + ": choose another -Dtenant.data, or leave the option out.");
        }
        return kept != null ? kept : asked != null ? asked : fallback;
    }

    /** Beside the data directory, not in it: PostgreSQL's directory holds only what PostgreSQL writes. */
    static Path settingsFile(Path data) {
        return data.resolveSibling(data.getFileName() + ".properties");
    }

    private static void saveSettings(Path data, TenantSettings settings) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("history-days", Integer.toString(settings.historyDays()));
        properties.setProperty("daily-share", Double.toString(settings.dailyShare()));
        properties.setProperty("seed", Long.toString(settings.seed()));
        properties.setProperty("today", settings.today().toString());
        try (Writer writer = Files.newBufferedWriter(settingsFile(data))) {
            properties.store(writer, "Generated tenant: what it was generated with (generate-tenant.sh)");
        }
    }

    private GraphQLClient as(String user) {
        return signIn(user).client();
    }

    /** The user's Authorization header, for the services' REST endpoints. */
    private String bearer(String user) {
        return signIn(user).authorization();
    }

    private SignedIn signIn(String user) {
        return signedIn.computeIfAbsent(user, this::signInNow);
    }

    private SignedIn signInNow(String user) {
        String token = platform.keycloak().orElseThrow().userToken(user);
        return new SignedIn(new GraphQLClient(platform.gatewayUrl(), token), "Bearer " + token, System.nanoTime());
    }

    /**
     * Signs in again whoever signed in longer ago than tokens are trusted for, before an initiative's steps: signing
     * in (a password grant, hashed by Keycloak) is not part of any write path's time.
     */
    private void renewSignIns() {
        signedIn.replaceAll((user, client) -> System.nanoTime() - client.at() > SIGN_IN_AGAIN.toNanos()
                ? signInNow(user) : client);
        for (String user : List.of(PLAN_EDITOR, KPI_STEWARD, GOVERNANCE_LEAD, "cfo", "coo", "cio", "ceo")) {
            signIn(user);
        }
    }

    private <T> T timed(String path, long rows, Supplier<T> step) {
        long start = System.nanoTime();
        T result = step.get();
        PathTiming timing = paths.get(path);
        timing.nanos += System.nanoTime() - start;
        timing.requests++;
        timing.rows += rows;
        return result;
    }

    /** Writes what is missing of every initiative; returns how many items it wrote. */
    long load() {
        Map<String, String> initiatives = new HashMap<>();
        String after = null;
        do {
            JsonNode page = as(GOVERNANCE_LEAD).data("""
                    query TenantInitiatives($after: String) {
                      initiatives(first: 500, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } }
                    }
                    """, variables("after", after)).get("initiatives");
            page.get("nodes").forEach(node -> initiatives.put(node.get("name").asText(), node.get("id").asText()));
            after = page.at("/pageInfo/hasNextPage").asBoolean() ? page.at("/pageInfo/endCursor").asText() : null;
        } while (after != null);
        Map<String, String> kpis = new HashMap<>();
        as(GOVERNANCE_LEAD).data("query TenantKpis { kpis { id name } }", Map.of()).get("kpis")
                .forEach(kpi -> kpis.put(kpi.get("name").asText(), kpi.get("id").asText()));
        Set<String> tethered = new HashSet<>();
        as(GOVERNANCE_LEAD).data("query TenantCommitments { commitments { kpi { id } milestone { id } } }", Map.of())
                .get("commitments").forEach(c -> tethered.add(c.at("/milestone/id").asText() + "/" + c.at("/kpi/id").asText()));
        System.out.printf("Found %d initiatives, %d KPIs, %d commitments already there.%n", initiatives.size(),
                kpis.size(), tethered.size());

        long written = 0;
        long began = System.nanoTime();
        for (int number = 1; number <= settings.initiatives(); number++) {
            written += loadInitiative(TenantContent.initiative(settings, number), initiatives, kpis, tethered);
            if (number % 10 == 0 || number == settings.initiatives()) {
                System.out.printf("%d of %d initiatives (%.0f s)%n", number, settings.initiatives(),
                        (System.nanoTime() - began) / 1e9);
            }
        }
        loadSeconds = (System.nanoTime() - began) / 1e9;
        return written;
    }

    private long loadInitiative(InitiativeSpec spec, Map<String, String> initiatives, Map<String, String> kpis,
                                Set<String> tethered) {
        renewSignIns();
        long written = 0;
        String initiative = initiatives.get(spec.name());
        if (initiative == null) {
            initiative = timed("Initiatives (GraphQL)", 1, () -> as(PLAN_EDITOR).data("""
                    mutation TenantInitiative($initiative: NewInitiative!) { createInitiative(initiative: $initiative) { id } }
                    """, Map.of("initiative", variables("name", spec.name(), "objective", spec.objective(),
                    "sponsor", "ceo", "accountableOwner", spec.owner())))).get("createInitiative").get("id").asText();
            written++;
        }
        String id = initiative;
        PlanSpreadsheet sheet = TenantContent.sheet(settings, spec);
        Map<String, String> found = sheet.milestoneIds(as(PLAN_EDITOR), id);
        if (found.size() < sheet.rows()) {
            timed("Plan import (CSV)", sheet.rows(), () -> sheet.importWith(platform, bearer(PLAN_EDITOR), id));
            found = sheet.milestoneIds(as(PLAN_EDITOR), id);
            written += sheet.rows();
        }
        Map<String, String> milestones = found;
        if (spec.commitments().stream().allMatch(c -> kpis.containsKey(c.kpiName())
                && tethered.contains(milestones.get(c.milestoneKey()) + "/" + kpis.get(c.kpiName())))) {
            return written + review(spec, id, milestones, kpis);
        }
        List<KpiSpec> undefined = spec.kpis().stream().filter(k -> !kpis.containsKey(k.name())).toList();
        if (!undefined.isEmpty()) {
            kpis.putAll(defineKpis(undefined));
            written += undefined.size();
        }
        // Sent again when the initiative is not complete: a batch recorded before is answered as a replay.
        String batch = TenantContent.batch(settings, spec, kpis);
        long rows = batch.lines().count() - 1;
        JsonNode report = timed("Measurements (bulk CSV batches)", rows, () -> json(platform.post(bearer(KPI_STEWARD), "kpi",
                "/measurements/batches", "text/csv", Map.of("Idempotency-Key", "tenant-" + settings.today() + "-"
                        + settings.seed() + "-" + spec.number()), batch.getBytes(StandardCharsets.UTF_8))));
        written += report.get("recorded").asLong();

        // One commitment a request, as a front end sends them: each checks its milestone and KPI with plan-service
        // and kpi-service, and fifteen in one document outlast the gateway's 10 s wait for a subgraph on a busy machine.
        Map<String, String> commitmentIds = new HashMap<>();
        for (CommitmentSpec commitment : spec.commitments()) {
            String milestone = milestones.get(commitment.milestoneKey());
            String kpi = kpis.get(commitment.kpiName());
            if (tethered.contains(milestone + "/" + kpi)) {
                continue;
            }
            JsonNode created = timed("Commitments (GraphQL)", 1, () -> as(GOVERNANCE_LEAD).data("""
                    mutation TenantCommitment($commitment: NewCommitment!) { commitOutcome(commitment: $commitment) { id } }
                    """, Map.of("commitment", variables("milestoneId", milestone, "kpiId", kpi,
                    "expectedValue", commitment.expectedValue(), "agreedOn", settings.businessCase().toString(),
                    "dueDate", settings.today().plusDays(commitment.dueInDays()).toString(),
                    "rationale", commitment.rationale(), "accountableOwner", commitment.owner()))));
            commitmentIds.put(commitment.kpiName(), created.get("commitOutcome").get("id").asText());
            tethered.add(milestone + "/" + kpi);
            written++;
        }
        if (spec.signOff() != null && commitmentIds.containsKey(spec.signOff())) {
            String commitment = commitmentIds.get(spec.signOff());
            String steward = TenantContent.kpi(spec.kpis(), spec.signOff()).steward();
            timed("Effect sign-offs (GraphQL)", 1, () -> as(steward).data("""
                    mutation TenantSignOff($commitment: ID!, $by: ID!) {
                      signOffEffect(commitmentId: $commitment, signedBy: $by,
                                    statement: "The effect shows in the figures since the milestone went live") { effectProven }
                    }
                    """, variables("commitment", commitment, "by", steward)));
            written++;
        }
        return written + review(spec, id, milestones, kpis);
    }

    /** The initiative's KPIs, one request each, as the steward defines them. */
    private Map<String, String> defineKpis(List<KpiSpec> undefined) {
        Map<String, String> ids = new HashMap<>();
        for (KpiSpec kpi : undefined) {
            JsonNode created = timed("KPI definitions (GraphQL)", 1, () -> as(KPI_STEWARD).data("""
                    mutation TenantKpi($kpi: NewKpi!) { createKpi(kpi: $kpi) { id } }
                    """, Map.of("kpi", variables("name", kpi.name(), "description", kpi.description(),
                    "unit", kpi.unit(), "direction", kpi.direction(), "kind", kpi.kind(),
                    "businessFunction", kpi.function(), "baselineValue", kpi.baseline(),
                    "baselineDate", settings.historyStart().toString(), "targetValue", kpi.target(),
                    "targetDate", settings.today().plusDays(kpi.targetInDays()).toString(),
                    "atRiskTolerance", kpi.atRisk(), "offTrackTolerance", kpi.offTrack(),
                    "measurementCadenceDays", kpi.cadenceDays(), "accountableOwner", kpi.steward(),
                    // The tenant's today is UTC's: its KPIs count their days there, so no value is for a day
                    // that has not begun in their zone.
                    "timeZone", "UTC",
                    "validMin", 0.0, "validMax", kpi.validMax()))));
            ids.put(kpi.name(), created.get("createKpi").get("id").asText());
        }
        return ids;
    }

    /** The steering committee's published review, for the initiatives that held one (and have none yet). */
    private long review(InitiativeSpec spec, String initiative, Map<String, String> milestones, Map<String, String> kpis) {
        if (!spec.reviewed() || !as(GOVERNANCE_LEAD).data("query TenantReviews($id: ID!) { reviews(initiativeId: $id) { id } }",
                variables("id", initiative)).get("reviews").isEmpty()) {
            return 0;
        }
        GraphQLClient governance = as(GOVERNANCE_LEAD);
        CommitmentSpec worst = spec.commitments().stream()
                .filter(c -> TenantContent.kpi(spec.kpis(), c.kpiName()).course() == TenantContent.Course.OFF_TRACK)
                .findFirst().orElse(spec.commitments().get(0));
        timed("Reviews: draft, decision, action, publish (GraphQL)", 3, () -> {
            String review = governance.data("""
                    mutation TenantReview($initiative: ID!, $heldOn: Date!) {
                      createReview(review: { initiativeId: $initiative, title: "Steering committee", heldOn: $heldOn }) { id }
                    }
                    """, variables("initiative", initiative, "heldOn", settings.today().toString()))
                    .get("createReview").get("id").asText();
            governance.data("""
                    mutation TenantDecision($review: ID!, $decision: NewDecision!) { recordDecision(reviewId: $review, decision: $decision) { id } }
                    """, variables("review", review, "decision", variables("summary",
                    "Keep the delivered release; fix what keeps " + worst.kpiName().substring(5).toLowerCase()
                            + " from moving", "rationale", "Rolling back costs more than fixing forward",
                    "decidedBy", "ceo", "affectedMilestoneIds", List.of(milestones.get(worst.milestoneKey())),
                    "affectedKpiIds", List.of(kpis.get(worst.kpiName())))));
            governance.data("""
                    mutation TenantAction($review: ID!, $action: NewAction!) { assignAction(reviewId: $review, action: $action) { id } }
                    """, variables("review", review, "action", variables("title",
                    "Find out why " + worst.kpiName().substring(5).toLowerCase() + " does not follow the plan",
                    "accountableOwner", TenantContent.kpi(spec.kpis(), worst.kpiName()).steward().equals("unassigned")
                            ? "coo" : TenantContent.kpi(spec.kpis(), worst.kpiName()).steward(),
                    "dueOn", settings.today().plusDays(7).toString())));
            int version = governance.data("query TenantReviewVersion($id: ID!) { review(id: $id) { version } }",
                    variables("id", review)).get("review").get("version").asInt();
            return governance.data("mutation TenantPublish($id: ID!, $version: Int!) { publishReview(id: $id, version: $version) { id } }",
                    variables("id", review, "version", version));
        });
        return 3;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private Connection database(String name) throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(name), PostgresServer.USER, "");
    }

    /** Open signals by kind, from governance's own table (the API lists at most 1,000 at a time). */
    Map<String, Long> openSignals() throws SQLException {
        Map<String, Long> open = new LinkedHashMap<>();
        try (Connection governance = database("governance"); Statement statement = governance.createStatement();
             ResultSet rows = statement.executeQuery("select kind, count(*) from signal where cleared_at is null "
                     + "group by kind order by count(*) desc")) {
            while (rows.next()) {
                open.put(rows.getString(1), rows.getLong(2));
            }
        }
        return open;
    }

    /** Waits until the open signals stop changing: governance has caught up with the events the load raised. */
    private Map<String, Long> awaitSignalsSettled() throws SQLException, InterruptedException {
        Map<String, Long> last = openSignals();
        int unchanged = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (unchanged < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5_000);
            Map<String, Long> now = openSignals();
            unchanged = now.equals(last) && pendingEvents() == 0 ? unchanged + 1 : 0;
            last = now;
        }
        return last;
    }

    /** Events of plan-service and kpi-service that governance has not yet followed (past its position in each feed). */
    private long pendingEvents() throws SQLException {
        long pending = 0;
        for (String service : List.of("plan", "kpi")) {
            long txid = -1;
            long place = -1;
            try (Connection governance = database("governance");
                 PreparedStatement statement = governance.prepareStatement("select txid, place from followed_feed "
                         + "where source = ?")) {
                statement.setString(1, service + "-service");
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        txid = rows.getLong(1);
                        place = rows.getLong(2);
                    }
                }
            }
            try (Connection source = database(service);
                 PreparedStatement statement = source.prepareStatement("select count(*) from outbox where "
                         + "txid::text::bigint > ? or (txid::text::bigint = ? and place > ?)")) {
                statement.setLong(1, txid);
                statement.setLong(2, txid);
                statement.setLong(3, place);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    pending += rows.getLong(1);
                }
            }
        }
        return pending;
    }

    private String report(Path home, Path data, double startSeconds) throws Exception {
        System.out.println("Loaded; waiting for governance to follow the events ...");
        long waited = System.nanoTime();
        Map<String, Long> onEvents = awaitSignalsSettled();
        double settleSeconds = (System.nanoTime() - waited) / 1e9;
        long evaluating = System.nanoTime();
        JsonNode evaluation = as(GOVERNANCE_LEAD).post("mutation TenantEvaluate { evaluateSignals { __typename } }",
                Map.of());
        double evaluateSeconds = (System.nanoTime() - evaluating) / 1e9;
        Map<String, Long> open = openSignals();
        System.out.printf("Open signals after the events (%.0f s): %s; evaluateSignals took %.1f s (%s); open after it: "
                + "%s%n", settleSeconds, onEvents, evaluateSeconds, evaluation, open);
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (Connection admin = database("postgres"); Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("select datname, pg_database_size(datname) from pg_database "
                     + "where datname in ('plan', 'kpi', 'governance') order by datname")) {
            while (rows.next()) {
                sizes.put(rows.getString(1), rows.getLong(2));
            }
        }
        System.out.println("Stopping the services to copy their databases as templates ...");
        for (String application : List.of("gateway", "governance", "kpi", "plan")) {
            platform.stop(application);
        }
        Path work = Files.createDirectories(home.resolve("benchmark/target/tenant-copy"));
        CopyComparison comparison = new CopyComparison(platform::jdbcUrl, work);
        List<TableCopy> copies = new ArrayList<>();
        for (String database : List.of("plan", "kpi", "governance")) {
            copies.addAll(comparison.copy(database));
        }
        return TenantReport.markdown(settings, data, home, startSeconds, loadSeconds, paths.entrySet().stream().collect(
                        Collectors.toMap(Map.Entry::getKey, e -> new TenantReport.PathResult(e.getValue().requests,
                                e.getValue().rows, e.getValue().nanos / 1e9), (a, b) -> a, LinkedHashMap::new)),
                copies, onEvents, settleSeconds, evaluation, evaluateSeconds, open, sizes);
    }
}
