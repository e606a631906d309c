package org.throughline.benchmark.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import org.throughline.benchmark.ProcessTree;
import org.throughline.benchmark.ReplicaChecks;
import org.throughline.launcher.DemoData;
import org.throughline.launcher.GraphQLClient;
import org.throughline.launcher.Platform;
import org.throughline.testing.KeycloakServer;
import org.throughline.testing.ServiceProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The platform under the load of many signed-in executives asking the five executive questions through the gateway,
 * while a steward records measurements and the IT lead moves forecasts: per question p50/p99, throughput and errors
 * at each concurrency, SQL statements per request per service, each process's memory against its Kubernetes limit,
 * and the time to evaluate the signals of the whole tenant. Not a test: its own command ({@code ./benchmark-load.sh}).
 *
 * <p>Settings (system properties): {@code load.data} (a PostgreSQL data directory of the platform, e.g. the generated
 * tenant; without it, a throw-away database with the demo), {@code load.executives} (1,50,200),
 * {@code load.duration} (60s per concurrency), {@code load.warmup} (20s), {@code load.think} (1s, mean),
 * {@code load.measurement-every} (1s), {@code load.milestone-update-every} (5s),
 * {@code load.race-every} (5s: two IT leads changing one milestone version at once),
 * {@code load.isolated-requests} (20),
 * {@code load.replicas} (1: processes of each service and of the gateway), {@code load.settings} (none: settings of the
 * applications, see {@link #settings}) and {@code load.report-suffix} (none: added to the report's file name).
 */
public final class LoadBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        String data = System.getProperty("load.data");
        Path dataDirectory = data == null ? null : Path.of(data).toAbsolutePath().normalize();
        List<Integer> levels = Arrays.stream(System.getProperty("load.executives", "1,50,200").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        Duration duration = seconds("load.duration", "60s");
        Duration warmup = seconds("load.warmup", "20s");
        Duration measurementEvery = seconds("load.measurement-every", "1s");
        Duration milestoneUpdateEvery = seconds("load.milestone-update-every", "5s");
        Duration raceEvery = seconds("load.race-every", "5s");
        int isolatedRequests = Integer.getInteger("load.isolated-requests", 20);
        int replicas = Integer.getInteger("load.replicas", 1);
        Map<String, Map<String, String>> settings = settings(System.getProperty("load.settings", ""));
        ExecutiveHabits habits = new ExecutiveHabits(ExecutiveHabits.DEFAULT_MIX, seconds("load.think", "1s"));
        Map<Question, String> persistedIds = Question.persistedIds(home.resolve("docs/queries/persisted-operations.json"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Path logs = home.resolve("benchmark/target/load-run");

        LoadReport report = new LoadReport();
        int demoMilestones = -1;
        if (dataDirectory != null) {
            if (!Files.isDirectory(dataDirectory)) {
                throw new IllegalArgumentException("no data directory " + dataDirectory);
            }
            System.out.println("The demo side of the flatness check first, on a throw-away platform with the demo ...");
            try (Platform demo = start(home, null, logs.resolve("demo"), 1, settings)) {
                new DemoData(demo, today).loadUnlessPresent();
                Tenant demoTenant = Tenant.discover(patientClient(demo, "cfo"));
                Tenant.Initiative initiative = demoTenant.sizedLike(Integer.MAX_VALUE);
                demoMilestones = initiative.milestoneIds().size();
                try (StatementCounter counter = new StatementCounter(demo.jdbcUrl("postgres"))) {
                    Map<String, Double> idle = idleRates(counter);
                    report.flatnessDemo = flatness(demo, counter, idle, initiative, persistedIds, isolatedRequests);
                }
            }
        }

        System.out.println("Starting the platform with Keycloak" + (dataDirectory == null ? " and the demo"
                : " on " + dataDirectory) + " ...");
        Vertx vertx = Vertx.vertx();
        try (Platform platform = start(home, dataDirectory, logs, replicas, settings)) {
            if (dataDirectory == null) {
                new DemoData(platform, today).loadUnlessPresent();
            }
            KeycloakServer keycloak = platform.keycloak().orElseThrow();
            Tenant tenant = Tenant.discover(patientClient(platform, "cfo"));
            System.out.printf("The tenant: %d initiatives, %d milestones, %d business functions, %d people, %d KPIs "
                            + "with values%n", tenant.initiatives().size(), tenant.milestones(),
                    tenant.businessFunctions().size(), tenant.people().size(), tenant.measuredKpis().size());
            if (demoMilestones < 0) {
                demoMilestones = tenant.sizedLike(Integer.MAX_VALUE).milestoneIds().size();
            }
            try (StatementCounter counter = new StatementCounter(platform.jdbcUrl("postgres"));
                 ProcessUsage usage = watch(home, platform, keycloak, counter).start()) {
                int most = Collections.max(levels);
                System.out.println("Making " + most + " executives in the realm and signing each in ...");
                try (Executives executives = Executives.signIn(keycloak, most)) {
                    ExecutiveLoad load = new ExecutiveLoad(vertx, URI.create(platform.gatewayUrl()), executives,
                            tenant, habits, persistedIds);
                    System.out.println("Warming up for " + warmup.toSeconds() + " s ...");
                    load.run(Math.min(most, 20), warmup, 0);
                    BackgroundChanges background = new BackgroundChanges(platform, tenant)
                            .start(measurementEvery, milestoneUpdateEvery, raceEvery);
                    try {
                        for (int level : levels) {
                            System.out.println("Loading with " + level + " executives for " + duration.toSeconds()
                                    + " s ...");
                            Map<String, Duration> cpuBefore = usage.cpu();
                            LoadReport.Phase phase = load.run(level, duration, level);
                            Map<String, Double> cpu = new LinkedHashMap<>();
                            usage.cpu().forEach((name, after) -> cpu.put(name,
                                    after.minus(cpuBefore.getOrDefault(name, Duration.ZERO)).toNanos() / 1e9));
                            phase = phase.withCpu(cpu);
                            report.phases.add(phase);
                            System.out.printf("  %d requests, %d errors%n", phase.all().requests(), phase.errors());
                        }
                    } finally {
                        background.close();
                    }
                    if (replicas > 1) {
                        StringBuilder checks = new StringBuilder("With " + replicas + " processes of each service and "
                                + "of the gateway on the same databases, read from the databases and the mail server "
                                + "after the run:\n\n");
                        List<ReplicaChecks.Finding> findings = new ArrayList<>(
                                ReplicaChecks.check(platform, background.acceptedChanges));
                        findings.add(new ReplicaChecks.Finding("races of two writers on one milestone version in "
                                + "which both were told accepted, of " + (background.races.done.get()
                                + background.races.failed.get() + background.racesBothAccepted.size()) + " races",
                                background.racesBothAccepted.size(), background.racesBothAccepted.stream().findFirst()
                                .orElse("")));
                        findings.forEach(finding -> checks.append("- ").append(finding).append('\n'));
                        report.replicaChecks = checks.toString();
                        System.out.print(report.replicaChecks);
                    }
                    report.background = String.format(Locale.ROOT, """
                                    Meanwhile, through the gateway: the sales steward recorded %d measurements (one \
                                    every %s; %d failed%s), the IT lead moved %d milestone forecasts by a day (one \
                                    every %s; %d failed%s), and two IT leads raced %d times (one every %s) to change \
                                    one milestone from the same version: %d races ended with one accepted and the \
                                    other refused as version-conflict, %d with both told accepted (a lost update), %d \
                                    otherwise%s. Executives' tokens renewed through the refresh grant: %d (%d \
                                    failed).""", background.measurements.done.get(), spoken(measurementEvery),
                            background.measurements.failed.get(), firstFailure(background.measurements),
                            background.milestoneUpdates.done.get(), spoken(milestoneUpdateEvery),
                            background.milestoneUpdates.failed.get(), firstFailure(background.milestoneUpdates),
                            background.races.done.get() + background.races.failed.get()
                                    + background.racesBothAccepted.size(), spoken(raceEvery),
                            background.races.done.get(), background.racesBothAccepted.size(),
                            background.races.failed.get(),
                            firstFailure(background.races), executives.renewals(), executives.renewalFailures());
                }

                System.out.println("Counting each question's SQL statements ...");
                Map<String, Double> idle = idleRates(counter);
                Tenant.Initiative sized = tenant.sizedLike(demoMilestones);
                for (Question question : Question.values()) {
                    report.isolated.add(isolated(platform, counter, idle, question, subject(question, tenant, sized),
                            tenant.initiatives(), persistedIds, isolatedRequests));
                }
                List<LoadReport.Isolated> flat = report.isolated.stream()
                        .filter(i -> i.question() == Question.INITIATIVE || i.question() == Question.INITIATIVE_AS_OF)
                        .toList();
                if (dataDirectory == null) {
                    report.flatnessDemo = flat;
                } else {
                    report.flatnessTenant = flat;
                }

                System.out.println("Evaluating the signals of the whole tenant ...");
                report.signalEvaluation = evaluateSignals(platform);
                Map<String, Long> limits = MemoryLimits.read(home.resolve("k8s/base"));
                usage.peaks().forEach((process, peak) -> report.memory.add(new LoadReport.Memory(process.name(),
                        peak[0], peak[1], limit(limits, process.workload()), process.localSettings(),
                        process.clusterSettings())));
            }
            report.header = header(today, dataDirectory, tenant, habits, levels, duration, warmup);
            report.command = "`./benchmark-load.sh" + (dataDirectory == null ? "" : " -Dload.data=" + data)
                    + (replicas > 1 ? " -Dload.replicas=" + replicas : "")
                    + (settings.isEmpty() ? "" : " '-Dload.settings=" + System.getProperty("load.settings") + "'")
                    + "`";
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        String markdown = report.markdown();
        Path file = home.resolve("docs/benchmarks/load-" + today + (dataDirectory == null ? "" : "-tenant")
                + (replicas > 1 ? "-" + replicas + "-replicas" : "")
                + System.getProperty("load.report-suffix", "") + ".md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown);
        System.out.println(markdown);
        System.out.println("Written to " + home.relativize(file));
    }

    private static Platform start(Path home, Path dataDirectory, Path logs, int replicas,
                                  Map<String, Map<String, String>> settings) {
        Platform platform = new Platform(home, Platform.Ports.free(), dataDirectory, logs).replicas(replicas)
                .configurePostgres(StatementCounter.POSTGRES_SETTINGS);
        settings.forEach(platform::configure);
        // Stopped with the benchmark however it ends: a run stopped with Ctrl-C or kill left its platform running.
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "load-benchmark-stop"));
        return platform.onProgress(step -> System.out.println("  " + step)).start();
    }

    /**
     * Settings of the applications for a run, to measure a setting against the default in the same conditions:
     * {@code governance:throughline.governance.upstream.connections=5;services:quarkus.some.setting=x}, where
     * {@code services} stands for the three services.
     */
    static Map<String, Map<String, String>> settings(String spec) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            Matcher setting = SETTING.matcher(entry.trim());
            if (!setting.matches()) {
                throw new IllegalArgumentException("load.settings: expected application:key=value, got " + entry);
            }
            List<String> applications = setting.group(1).equals("services") ? List.of("plan", "kpi", "governance")
                    : List.of(setting.group(1));
            for (String application : applications) {
                settings.computeIfAbsent(application, name -> new LinkedHashMap<>())
                        .put(setting.group(2), setting.group(3));
            }
        }
        return settings;
    }

    private static final Pattern SETTING = Pattern.compile("(plan|kpi|governance|gateway|services):([^=\\s]+)=(.*)");

    private static Duration seconds(String property, String fallback) {
        return Duration.parse("PT" + System.getProperty(property, fallback).toUpperCase(Locale.ROOT));
    }

    /** "1 s", "1.5 s". */
    private static String spoken(Duration duration) {
        return String.format(Locale.ROOT, "%s s", java.math.BigDecimal.valueOf(duration.toMillis(), 3)
                .stripTrailingZeros().toPlainString());
    }

    private static String firstFailure(BackgroundChanges.Count count) {
        String first = count.firstFailure.get();
        return first == null ? "" : ", the first: `" + first.substring(0, Math.min(first.length(), 300)) + "`";
    }

    private static String header(LocalDate today, Path dataDirectory, Tenant tenant, ExecutiveHabits habits,
                                 List<Integer> levels, Duration duration, Duration warmup) {
        return String.format(Locale.ROOT, """
                        # Load through the gateway with real tokens, %s

                        One run on this machine (%d cores, shared with other work), the whole platform as `./run.sh` \
                        starts it (Keycloak, every token checked, the local run's JVM settings), on %s: %d initiatives, \
                        %d milestones, %d business functions, %d people accountable, %d KPIs with values.

                        Each executive is a distinct user of the realm (role executive, made through Keycloak's admin \
                        API), signed in with their own password, with their own token renewed before it expires. A \
                        closed loop: each asks a question, waits for the answer, thinks (exponential, mean %s, at \
                        most five times it) and asks the next; closed, because the load is a population of people \
                        signed in at once, who do not ask again before the answer came. The mix of questions \
                        (docs/queries, sent by persisted id): %s; variables chosen at random across the tenant \
                        (question 4 as of an instant between the initiative's first record and now). Every answer \
                        is checked: HTTP 200, no errors, the question's list present. %s executives in turn, %d s \
                        each, after %d s of warm-up at up to 20.

                        ## Per question and concurrency
                        """, today, Runtime.getRuntime().availableProcessors(),
                dataDirectory == null ? "a throw-away database with the demo" : "the data directory `"
                        + dataDirectory.getFileName() + "`", tenant.initiatives().size(), tenant.milestones(),
                tenant.businessFunctions().size(), tenant.people().size(), tenant.measuredKpis().size(),
                spoken(habits.meanThinkTime()), habits.describeMix(),
                levels.stream().map(String::valueOf).collect(Collectors.joining(", ")), duration.toSeconds(),
                warmup.toSeconds());
    }

    private static Map<String, Object> subject(Question question, Tenant tenant, Tenant.Initiative sized) {
        Instant now = Instant.now();
        return switch (question) {
            case INITIATIVE, INITIATIVE_AS_OF -> Tenant.about(question, sized, now);
            case BUSINESS_FUNCTION -> Map.of("function", tenant.businessFunctions().contains("SALES") ? "SALES"
                    : tenant.businessFunctions().get(0));
            case PERSON -> Map.of("personId", tenant.people().contains("cio") ? "cio" : tenant.people().get(0));
            case OPEN_SIGNALS -> Map.of();
        };
    }

    private static List<LoadReport.Isolated> flatness(Platform platform, StatementCounter counter,
                                                      Map<String, Double> idle, Tenant.Initiative initiative,
                                                      Map<Question, String> persistedIds, int requests)
            throws Exception {
        Instant now = Instant.now();
        List<LoadReport.Isolated> rows = new ArrayList<>();
        for (Question question : List.of(Question.INITIATIVE, Question.INITIATIVE_AS_OF)) {
            rows.add(isolated(platform, counter, idle, question, Tenant.about(question, initiative, now),
                    List.of(initiative), persistedIds, requests));
        }
        return rows;
    }

    /** What the idle platform runs by itself (timers, event readers), per database and second. */
    private static Map<String, Double> idleRates(StatementCounter counter) throws Exception {
        counter.reset();
        long start = System.nanoTime();
        Thread.sleep(IDLE_WINDOW.toMillis());
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> rates = new LinkedHashMap<>();
        counter.byDatabase().forEach((database, calls) -> rates.put(database, calls / seconds));
        return rates;
    }

    /** One question asked {@code requests} times in a row by the CFO, about one subject. */
    private static LoadReport.Isolated isolated(Platform platform, StatementCounter counter, Map<String, Double> idle,
                                                Question question, Map<String, Object> variables,
                                                List<Tenant.Initiative> initiatives,
                                                Map<Question, String> persistedIds, int requests) throws Exception {
        String bearer = platform.bearer("cfo");
        byte[] body = ExecutiveLoad.body(persistedIds, question, variables)
                .getBytes();
        // Once unmeasured, so that the gateway's plan and the services' caches are as under load.
        send(platform, bearer, body, question);
        counter.reset();
        List<Double> millis = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long sent = System.nanoTime();
            send(platform, bearer, body, question);
            millis.add((System.nanoTime() - sent) / 1e6);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> perRequest = new LinkedHashMap<>();
        Map<String, Long> calls = counter.byDatabase();
        for (String database : List.of("plan", "kpi", "governance")) {
            double own = calls.getOrDefault(database, 0L) - idle.getOrDefault(database, 0.0) * seconds;
            perRequest.put(database, Math.max(0, own) / requests);
        }
        Collections.sort(millis);
        String subject = describe(variables, initiatives);
        return new LoadReport.Isolated(question, subject, requests, perRequest, millis.get(millis.size() / 2));
    }

    /** "Cloud ERP migration (29 milestones), as of 2026-12-07T23:24:28Z", "SALES", "the portfolio". */
    private static String describe(Map<String, Object> variables, List<Tenant.Initiative> initiatives) {
        if (variables.isEmpty()) {
            return "the portfolio";
        }
        List<String> parts = new ArrayList<>();
        variables.forEach((name, value) -> {
            if (name.equals("initiativeId")) {
                parts.add(0, initiatives.stream().filter(i -> i.id().equals(value)).findFirst()
                        .map(i -> i.name() + " (" + i.milestoneIds().size() + " milestones)").orElse("initiative " + value));
            } else if (name.equals("asOf")) {
                parts.add("as of " + Instant.parse((String) value).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            } else {
                parts.add(String.valueOf(value));
            }
        });
        return String.join(", ", parts);
    }

    private static void send(Platform platform, String bearer, byte[] body, Question question)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl()))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .header("Authorization", bearer).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String problem = question.problem(response.statusCode(), response.body());
        if (problem != null) {
            throw new IllegalStateException("question " + question.label() + " was answered wrongly: " + problem);
        }
    }

    private static String evaluateSignals(Platform platform) throws IOException, InterruptedException {
        GraphQLClient lead = patientClient(platform, "pmo-lead");
        long start = System.nanoTime();
        JsonNode evaluation = lead.data("mutation LoadEvaluate { evaluateSignals { raised cleared open } }", Map.of())
                .get("evaluateSignals");
        double millis = (System.nanoTime() - start) / 1e6;
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(platform.serviceUrl("governance")
                        .replace("/graphql", "/q/metrics"))).header("Authorization", platform.bearer("pmo-lead"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String counters = metrics.body().lines().filter(line -> line.startsWith("throughline_governance_signals"))
                .map(line -> line.replaceFirst(" # \\{.*", "")).collect(Collectors.joining("\n"));
        return String.format(Locale.ROOT, """
                `evaluateSignals` as the governance lead (pmo-lead), through the gateway, after the load: %.0f ms \
                (raised %d, cleared %d, open afterwards %d).

                governance-service's signal metrics (`/q/metrics`) at the end of the run:

                ```
                %s
                ```""", millis, evaluation.path("raised").asInt(), evaluation.path("cleared").asInt(),
                evaluation.path("open").asInt(), counters.isBlank() ? "(none)" : counters);
    }

    /** A client of the gateway as a demo user that waits minutes: reading or evaluating a whole tenant takes long. */
    private static GraphQLClient patientClient(Platform platform, String user) {
        return new GraphQLClient(platform.gatewayUrl(), platform.bearer(user).substring("Bearer ".length()),
                Duration.ofMinutes(10));
    }

    private static ProcessUsage watch(Path home, Platform platform, KeycloakServer keycloak, StatementCounter counter)
            throws Exception {
        String local = String.join(" ", ServiceProcess.LOCAL_RUN);
        ProcessUsage usage = new ProcessUsage();
        for (String application : List.of("gateway", "plan", "kpi", "governance")) {
            String module = application.equals("gateway") ? "gateway" : application + "-service";
            usage.watch(new ProcessUsage.Watched(module, new ProcessTree(platform.pid(application)), module, local,
                    clusterSettings(home, module)));
        }
        usage.watch(new ProcessUsage.Watched("keycloak", new ProcessTree(keycloak.pid()), "keycloak",
                "-Xms64m -Xmx384m, dev database in the process", "the operator's defaults (heap 70 % of the limit), "
                + "its own PostgreSQL"));
        usage.watch(new ProcessUsage.Watched("postgresql", new ProcessTree(counter.serverPid()),
                "plan-db+kpi-db+governance-db", "one server, the three services' databases",
                "one CloudNativePG cluster per service: the limit is the three instances' summed"));
        return usage;
    }

    private static long limit(Map<String, Long> limits, String workload) {
        return Arrays.stream(workload.split("\\+")).mapToLong(name -> limits.getOrDefault(name, 0L)).sum();
    }

    /** The JVM options of the application's image (Dockerfile.jvm's JAVA_TOOL_OPTIONS). */
    private static String clusterSettings(Path home, String module) throws IOException {
        Path dockerfile = home.resolve(module).resolve("src/main/docker/Dockerfile.jvm");
        if (!Files.isRegularFile(dockerfile)) {
            return "";
        }
        Matcher options = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"")
                .matcher(Files.readString(dockerfile).replace("\\\n", " "));
        return options.find() ? Arrays.stream(options.group(1).trim().split("\\s+"))
                .filter(option -> !option.startsWith("-Djava.util.logging")).collect(Collectors.joining(" ")) : "";
    }
}
