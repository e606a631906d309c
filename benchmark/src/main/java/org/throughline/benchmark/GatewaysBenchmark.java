package org.throughline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Our gateway beside the fastest federation gateways, in one run, in front of the public federation gateway
 * benchmark's four subgraphs ({@link FederationBenchmarkSubgraphs}, a process of their own): Grafbase's (Rust, from
 * npm), Hive Gateway with its JavaScript planner and with its Rust one (router-runtime), and Apollo's
 * {@code @apollo/gateway}, loaded by wrk, every response checked. Runs everything twice: with in-flight
 * deduplication of subgraph requests on in every gateway that has it, and off in every one. Writes
 * {@code benchmark/target/gateways/results.md} with a throughput chart and a concurrency chart beside it.
 *
 * <p>Settings (system properties): {@code benchmark.quick} (seconds per load, to test the harness),
 * {@code benchmark.warmup} (30s), {@code benchmark.measure} (20s a round), {@code benchmark.rounds} (3),
 * {@code benchmark.connections} (50), {@code benchmark.curve} (1,10,50,200), {@code benchmark.curveMeasure} (10s),
 * {@code benchmark.gateways} (all of {@link #KEYS}), {@code benchmark.deduplication} (on,off),
 * {@code benchmark.oursBefore} (the quarkus-run.jar of an earlier build of ours, run beside the current one) and
 * {@code benchmark.oursBeforeName} (its name in the report), {@code benchmark.oursJava} and
 * {@code benchmark.oursBeforeJava} (the Java installation that runs ours, the benchmark's own by default),
 * {@code benchmark.oursJvmOptions} and {@code benchmark.oursBeforeJvmOptions} (extra JVM options for ours),
 * {@code benchmark.wrkThreads} (1), {@code benchmark.note} (a line for the report, e.g. what else ran).
 */
public final class GatewaysBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OURS = "Throughline";
    /** Keys for {@code benchmark.gateways}, with the names the report gives them. */
    static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("throughline", OURS);
        KEYS.put("grafbase", "Grafbase (grafbase dev)");
        KEYS.put("hive-router-runtime", "Hive Gateway + router-runtime");
        KEYS.put("hive", "Hive Gateway");
        KEYS.put("apollo", "Apollo Gateway");
    }

    /** A one-subgraph query, and the public federation gateway benchmark's nested query with fragments. */
    static final Map<String, String> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("one subgraph", """
                query TopProducts { topProducts(first: 5) { upc name price weight } }
                """);
        OPERATIONS.put("public benchmark's nested query", """
                fragment User on User { id username name }
                fragment Review on Review { id body }
                fragment Product on Product { inStock name price shippingEstimate upc weight }
                query TestQuery {
                  users {
                    ...User
                    reviews {
                      ...Review
                      product {
                        ...Product
                        reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
                      }
                    }
                  }
                  topProducts {
                    ...Product
                    reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
                  }
                }
                """);
    }

    record Settings(Duration warmup, Duration measure, int rounds, int connections, List<Integer> curve,
                    Duration curveMeasure, List<String> gateways, List<Boolean> deduplication, int wrkThreads,
                    String note, List<String> operations) {

        static Settings fromSystemProperties() {
            boolean quick = Boolean.getBoolean("benchmark.quick");
            return new Settings(duration("benchmark.warmup", quick ? "3s" : "30s"),
                    duration("benchmark.measure", quick ? "3s" : "20s"),
                    Integer.getInteger("benchmark.rounds", quick ? 1 : 3),
                    Integer.getInteger("benchmark.connections", 50),
                    curve(list("benchmark.curve", "1,10,50,200")),
                    duration("benchmark.curveMeasure", quick ? "2s" : "10s"),
                    list("benchmark.gateways", String.join(",", KEYS.keySet())),
                    list("benchmark.deduplication", "on,off").stream().map("on"::equals).toList(),
                    Integer.getInteger("benchmark.wrkThreads", 1),
                    System.getProperty("benchmark.note", quick ? "Quick mode: seconds per load, to test the harness;"
                            + " not a measurement." : ""),
                    // Only the operations whose name contains one of these words ("nested", "one subgraph"); all by default.
                    list("benchmark.operations", ""));
        }

        /** The curve's connection counts, each once: the report has one column per count. */
        static List<Integer> curve(List<String> counts) {
            List<Integer> curve = counts.stream().map(Integer::valueOf).toList();
            if (curve.stream().distinct().count() < curve.size()) {
                throw new IllegalArgumentException("benchmark.curve names a connection count twice (" + curve
                        + "): each point is measured once and has one column in the report");
            }
            return curve;
        }

        private static Duration duration(String property, String fallback) {
            return Duration.parse("PT" + System.getProperty(property, fallback).toUpperCase());
        }

        private static List<String> list(String property, String fallback) {
            return Arrays.stream(System.getProperty(property, fallback).split(",")).map(String::strip)
                    .filter(item -> !item.isEmpty()).toList();
        }
    }

    /** A gateway that runs in this mode, or why it does not. */
    private record Contender(String name, GatewayProcess process, String failure) {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        Settings settings = Settings.fromSystemProperties();
        for (String key : settings.gateways()) {
            if (!KEYS.containsKey(key)) {
                throw new IllegalArgumentException("benchmark.gateways: unknown gateway " + key + "; known: " + KEYS.keySet());
            }
        }
        if (!Wrk.installed()) {
            throw new IllegalStateException("wrk is missing: install Debian's package (apt-get install wrk), as"
                    + " ./benchmark-gateways.sh does");
        }
        Path output = Files.createDirectories(home.resolve("benchmark/target/gateways"));
        Path work = Files.createDirectories(output.resolve("run"));
        Wrk wrk = new Wrk(home.resolve("benchmark/wrk/check.lua"), settings.wrkThreads());
        GatewaysReport report = new GatewaysReport(settings);
        try (SubgraphsProcess subgraphs = SubgraphsProcess.start(work)) {
            System.out.println("Subgraphs (own process): " + subgraphs.urls());
            for (boolean deduplicate : settings.deduplication()) {
                List<Contender> contenders = start(home, work, subgraphs, settings.gateways(), deduplicate);
                try {
                    contenders.stream().filter(c -> c.failure() != null)
                            .forEach(c -> report.unavailable(deduplicate, c.name(), c.failure()));
                    List<Contender> running = contenders.stream().filter(c -> c.process() != null).toList();
                    for (Map.Entry<String, String> operation : OPERATIONS.entrySet()) {
                        if (!settings.operations().isEmpty() && settings.operations().stream()
                                .noneMatch(wanted -> operation.getKey().contains(wanted))) {
                            continue;
                        }
                        measure(settings, wrk, subgraphs, work, report, deduplicate, operation, running);
                    }
                } finally {
                    contenders.stream().filter(c -> c.process() != null).forEach(c -> c.process().close());
                }
            }
        }
        report.write(output);
        System.out.println();
        System.out.println(Files.readString(output.resolve("results.md")));
        System.out.println("Written to " + home.relativize(output) + "/ (results.md, throughput.png, concurrency.png;"
                + " logs in run/)");
    }

    /** Starts the chosen gateways in one mode, ours first: the peers take the supergraph ours composed. */
    private static List<Contender> start(Path home, Path work, SubgraphsProcess subgraphs, List<String> keys,
                                         boolean deduplicate) throws Exception {
        System.out.println("Starting the gateways, in-flight deduplication " + (deduplicate ? "on" : "off") + "...");
        GatewayProcess ours = Gateways.ours(home, work, subgraphs.urls(), deduplicate);
        Path supergraph = work.resolve("supergraph.graphql");
        Files.writeString(supergraph, GatewayProcess.get(ours.url.replace("/graphql", "/supergraph")));
        Map<String, Callable> starters = new LinkedHashMap<>();
        starters.put("grafbase", () -> Gateways.grafbase(home, work, subgraphs, deduplicate));
        starters.put("hive-router-runtime", () -> Gateways.hive(home, work, supergraph, true, deduplicate));
        starters.put("hive", () -> Gateways.hive(home, work, supergraph, false, deduplicate));
        starters.put("apollo", () -> Gateways.apollo(home, work, supergraph));
        List<Contender> contenders = new ArrayList<>();
        if (keys.contains("throughline")) {
            contenders.add(new Contender(OURS, ours, null));
        } else {
            ours.close();
        }
        // An earlier build of ours beside the current one, for a before-and-after measured in the same run:
        // -Dbenchmark.oursBefore=<its quarkus-run.jar> and -Dbenchmark.oursBeforeName=<what the report calls it>.
        String before = System.getProperty("benchmark.oursBefore");
        if (before != null) {
            String name = System.getProperty("benchmark.oursBeforeName", OURS + " (before)");
            // -Dbenchmark.oursBeforeJava and -Dbenchmark.oursBeforeJvmOptions: its own Java installation and JVM options
            // (ours' by default), to set JVMs and their settings side by side.
            contenders.add(new Contender(name, Gateways.ours(Path.of(before), name, "throughline-before", work,
                    subgraphs.urls(), deduplicate, System.getProperty("benchmark.oursBeforeJava",
                            System.getProperty("benchmark.oursJava", System.getProperty("java.home"))),
                    System.getProperty("benchmark.oursBeforeJvmOptions",
                            System.getProperty("benchmark.oursJvmOptions", ""))), null));
        }
        for (Map.Entry<String, Callable> starter : starters.entrySet()) {
            if (!keys.contains(starter.getKey())) {
                continue;
            }
            String name = KEYS.get(starter.getKey());
            try {
                contenders.add(new Contender(name, starter.getValue().call(), null));
                System.out.println("  " + name + " is up");
            } catch (Exception e) {
                System.out.println("  " + name + " could not be run: " + e.getMessage());
                // The report takes the first line; the log tail stays in the console and the log file.
                contenders.add(new Contender(name, null, String.valueOf(e.getMessage()).lines().findFirst()
                        .orElse(e.toString()) + " (log in " + work + ")"));
            }
        }
        return contenders;
    }

    private interface Callable {
        GatewayProcess call() throws Exception;
    }

    /**
     * One operation in one mode: checks that the gateways answer alike, warms each up, loads them in alternating
     * rounds, then once at each concurrency of the curve.
     */
    private static void measure(Settings settings, Wrk wrk, SubgraphsProcess subgraphs, Path work,
                                GatewaysReport report, boolean deduplicate, Map.Entry<String, String> operation,
                                List<Contender> running) throws Exception {
        String slug = operation.getKey().replaceAll("[^a-z]+", "-") + (deduplicate ? "-dedup-on" : "-dedup-off");
        Path body = work.resolve(slug + "-request.json");
        Files.writeString(body, JSON.writeValueAsString(Map.of("query", operation.getValue())));
        Map<Contender, Path> expected = new LinkedHashMap<>();
        Map<Contender, String> answers = new LinkedHashMap<>();
        for (Contender contender : running) {
            answers.put(contender, GatewayProcess.post(contender.process().url, Files.readString(body)));
        }
        JsonNode reference = agreedAnswer(answers.values());
        for (Map.Entry<Contender, String> answer : answers.entrySet()) {
            Contender contender = answer.getKey();
            Path file = work.resolve(slug + "-" + contender.name().replaceAll("[^A-Za-z]+", "-") + ".json");
            Files.writeString(file, answer.getValue());
            if (reference != null && reference.equals(tree(answer.getValue()))) {
                expected.put(contender, file);
            } else {
                report.unavailable(deduplicate, contender.name() + " on \"" + operation.getKey() + "\"",
                        reference == null ? "no two gateways gave the same answer without errors; see " + file
                                : "its answer differs from the other gateways'; see " + file);
            }
        }
        System.out.println("\"" + operation.getKey() + "\", deduplication " + (deduplicate ? "on" : "off") + ": "
                + expected.size() + " gateways answer alike; warming up...");
        List<Contender> loaded = new ArrayList<>(expected.keySet());
        for (Contender contender : loaded) {
            run(wrk, contender, body, expected.get(contender), settings.connections(), settings.warmup(), subgraphs);
        }
        Map<Contender, List<Wrk.Result>> rounds = new LinkedHashMap<>();
        for (int round = 0; round < settings.rounds(); round++) {
            for (Contender contender : rotated(loaded, round)) {
                Wrk.Result result = run(wrk, contender, body, expected.get(contender), settings.connections(),
                        settings.measure(), subgraphs);
                rounds.computeIfAbsent(contender, c -> new ArrayList<>()).add(result);
                System.out.printf("  round %d, %s: %.0f req/s, p99 %.1f ms, %d errors%n", round + 1, contender.name(),
                        result.perSecond(), result.p99(), result.errors());
            }
        }
        Map<Contender, Map<Integer, Wrk.Result>> curve = new LinkedHashMap<>();
        for (int connections : settings.curve()) {
            for (Contender contender : rotated(loaded, connections)) {
                Wrk.Result result = run(wrk, contender, body, expected.get(contender), connections,
                        settings.curveMeasure(), subgraphs);
                curve.computeIfAbsent(contender, c -> new LinkedHashMap<>()).put(connections, result);
                System.out.printf("  curve, %d connections, %s: %.0f req/s, p99 %.1f ms, %d errors%n", connections,
                        contender.name(), result.perSecond(), result.p99(), result.errors());
            }
        }
        for (Contender contender : loaded) {
            report.measured(deduplicate, operation.getKey(), contender.name(), Wrk.combine(rounds.get(contender)),
                    curve.get(contender), Files.size(expected.get(contender)));
        }
    }

    private static Wrk.Result run(Wrk wrk, Contender contender, Path body, Path expected, int connections,
                                  Duration duration, SubgraphsProcess subgraphs) throws Exception {
        return wrk.run(contender.process().url, body, expected, connections, duration, contender.process().tree(),
                subgraphs);
    }

    private static <T> List<T> rotated(List<T> list, int by) {
        List<T> copy = new ArrayList<>(list);
        Collections.rotate(copy, -(by % Math.max(1, copy.size())));
        return copy;
    }

    /**
     * The answer that most gateways give, as JSON, provided it has data and no errors and at least two gateways give
     * it; otherwise none.
     */
    static JsonNode agreedAnswer(java.util.Collection<String> answers) {
        Map<JsonNode, Long> votes = answers.stream().map(GatewaysBenchmark::tree)
                .filter(answer -> answer != null && answer.hasNonNull("data") && !answer.has("errors"))
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        return votes.entrySet().stream().filter(vote -> vote.getValue() >= 2 || answers.size() == 1)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static JsonNode tree(String answer) {
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            return null;
        }
    }
}
