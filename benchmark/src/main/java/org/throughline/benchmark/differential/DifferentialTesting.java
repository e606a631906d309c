package org.throughline.benchmark.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionQuery;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.SchemaPrinter;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import org.throughline.benchmark.differential.ResponseComparison.Difference;
import org.throughline.testing.ChildProcess;
import org.throughline.testing.FreePort;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Differential testing of our gateway against Apollo's {@code @apollo/gateway}: for each test supergraph, both
 * gateways serve the same supergraph file (composed by Apollo's composition), so that what differs is planning and
 * execution; thousands of random valid operations go to both with the same variables, every difference is
 * categorised, and the smallest reproductions of each category are shrunk into bug reports. Composition is checked
 * apart: the API schema ours composes from the subgraphs against the one Apollo's supergraph gives.
 *
 * <p>Settings (system properties): {@code differential.operations} (1000 per supergraph), {@code differential.seed}
 * (1), {@code differential.supergraphs} (all of {@link SubgraphSets#all()}), {@code differential.reproductions} (3
 * shrunk per category), {@code differential.shrinkTries} (300 candidates per reproduction at most). Writes
 * {@code benchmark/target/differential/report.md}.
 */
public final class DifferentialTesting {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Prints the API schema of a supergraph as Apollo's federation-internals derives it, types sorted. */
    private static final String API_SCHEMA_SCRIPT = """
            import { readFileSync } from 'node:fs';
            import { Supergraph } from '@apollo/federation-internals';
            import { printSchema, lexicographicSortSchema } from 'graphql';
            const supergraph = Supergraph.build(readFileSync(process.argv[1], 'utf8'));
            process.stdout.write(printSchema(lexicographicSortSchema(supergraph.apiSchema().toGraphQLJSSchema())));
            """;

    record Settings(int operations, long seed, List<String> supergraphs, int reproductions, int shrinkTries) {

        static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("differential.operations", 1000),
                    Long.getLong("differential.seed", 1L),
                    Arrays.stream(System.getProperty("differential.supergraphs",
                                    String.join(",", SubgraphSets.all().keySet())).split(","))
                            .map(String::strip).filter(name -> !name.isEmpty()).toList(),
                    Integer.getInteger("differential.reproductions", 3),
                    Integer.getInteger("differential.shrinkTries", 300));
        }
    }

    /** One operation's two responses and how they differ; deviations are the known, deliberate ones. */
    record Outcome(int index, GeneratedOperation operation, JsonNode ours, JsonNode theirs,
                   List<Difference> differences, List<String> deviations) {

        Set<String> categories() {
            return differences.stream().map(Difference::category).collect(Collectors.toCollection(LinkedHashSet::new));
        }
    }

    /** A category's reproduction, shrunk from the operation with that index. */
    record Reproduction(int index, int originalLines, Outcome shrunk) {
    }

    /** What one supergraph's run found. */
    record SupergraphResult(SubgraphSet set, int operations, int rejectedDrafts, int identical, int deviationOnly,
                            Map<String, Integer> categories, Map<String, Integer> deviations,
                            Map<String, List<Reproduction>> reproductions, List<String> schemaChecks,
                            Duration duration) {

        int differing() {
            return operations - identical - deviationOnly;
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        Settings settings = Settings.fromSystemProperties();
        Map<String, SubgraphSet> sets = SubgraphSets.all();
        for (String name : settings.supergraphs()) {
            if (!sets.containsKey(name)) {
                throw new IllegalArgumentException("differential.supergraphs: unknown " + name + "; known: " + sets.keySet());
            }
        }
        Path output = Files.createDirectories(home.resolve("benchmark/target/differential"));
        Path work = Files.createDirectories(output.resolve("run"));
        Path apollo = GatewayUnderTest.apolloDirectory(home, work);
        DifferentialReport report = new DifferentialReport(settings);
        int port = FreePort.pick();
        int benchmarkPort = FreePort.pick();
        Path sdl = work.resolve("subgraphs");
        try (ChildProcess subgraphs = startSubgraphs(work, port, benchmarkPort, sdl)) {
            for (String name : settings.supergraphs()) {
                SubgraphSet set = sets.get(name);
                Map<String, String> urls = urls(set, sdl, port, benchmarkPort);
                try {
                    report.add(run(home, apollo, work.resolve(name), set, urls, sdl.resolve(name), settings));
                } catch (IllegalStateException e) {
                    // A gateway that would not start (say, its jar being rebuilt) costs this supergraph, not the run.
                    String reason = e.getMessage().lines().findFirst().orElse(e.toString());
                    System.out.println("   " + name + " could not run: " + reason);
                    report.failed(name, reason);
                }
                report.write(output.resolve("report.md"));
                subgraphs.requireAlive();
            }
        }
        report.write(output.resolve("report.md"));
        System.out.println();
        System.out.println(report.summary());
        System.out.println("Report: " + home.relativize(output.resolve("report.md")) + " (logs in "
                + home.relativize(work) + ")");
    }

    private static ChildProcess startSubgraphs(Path work, int port, int benchmarkPort, Path sdl)
            throws InterruptedException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        ChildProcess process = ChildProcess.start("the subgraphs", List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-cp", classPath,
                        DifferentialSubgraphs.class.getName(), String.valueOf(port), String.valueOf(benchmarkPort),
                        sdl.toString()),
                Map.of(), work, work.resolve("subgraphs.log"));
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            process.requireAlive();
            if (process.tail().contains(DifferentialSubgraphs.READY)) {
                return process;
            }
            Thread.sleep(200);
        }
        process.close();
        throw new IllegalStateException("the subgraphs did not start within 60 s; their log ends:\n" + process.tail());
    }

    /** The subgraphs' URLs by name, from the SDL files their process wrote. */
    private static Map<String, String> urls(SubgraphSet set, Path sdl, int port, int benchmarkPort) throws IOException {
        Map<String, String> urls = new LinkedHashMap<>();
        try (var files = Files.list(sdl.resolve(set.name()))) {
            files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(".graphql")).sorted()
                    .map(file -> file.substring(0, file.length() - ".graphql".length()))
                    .forEach(name -> urls.put(name, set.subgraphs().isEmpty()
                            ? "http://127.0.0.1:" + benchmarkPort + "/" + name
                            : "http://127.0.0.1:" + port + "/" + set.name() + "/" + name));
        }
        return urls;
    }

    private static SupergraphResult run(Path home, Path apolloDirectory, Path work, SubgraphSet set,
                                        Map<String, String> urls, Path sdl, Settings settings) throws Exception {
        Instant start = Instant.now();
        Files.createDirectories(work);
        System.out.println("== " + set.name() + ": composing " + urls.keySet() + " with Apollo's composition...");
        List<String> compose = new ArrayList<>(List.of("node", "compose.mjs"));
        urls.forEach((name, url) -> compose.add(name + "=" + url + "=" + sdl.resolve(name + ".graphql")));
        Path supergraph = work.resolve("supergraph.graphql");
        Files.writeString(supergraph, node(apolloDirectory, compose));
        String apiSdl = node(apolloDirectory, List.of("node", "--input-type=module", "-e", API_SCHEMA_SCRIPT,
                supergraph.toString()));
        Files.writeString(work.resolve("api-schema.graphql"), apiSdl);
        GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(apiSdl));
        List<String> schemaChecks = new ArrayList<>();
        try (GatewayUnderTest composing = GatewayUnderTest.ours(home, work, null, urls, "ours-composing.log")) {
            schemaChecks.add(schemaCheck("the API schema ours composes from the subgraphs", composing, schema));
        }
        try (GatewayUnderTest ours = GatewayUnderTest.ours(home, work, supergraph, urls, "ours.log");
             GatewayUnderTest theirs = GatewayUnderTest.apollo(home, work, supergraph)) {
            schemaChecks.add(schemaCheck("the API schema ours derives from Apollo's supergraph", ours, schema));
            OperationGenerator generator = new OperationGenerator(schema, set.samples());
            Random random = new Random(settings.seed() * 31 + set.name().hashCode());
            List<Outcome> outcomes = new ArrayList<>();
            System.out.println("   " + settings.operations() + " operations through both gateways...");
            for (int i = 0; i < settings.operations(); i++) {
                outcomes.add(outcome(schema, i, generator.next(random), ours, theirs));
                if ((i + 1) % 250 == 0) {
                    System.out.println("   " + (i + 1) + " done");
                }
            }
            Files.writeString(work.resolve("operations.jsonl"), outcomes.stream().map(DifferentialTesting::jsonLine)
                    .collect(Collectors.joining("\n")));
            Map<String, Integer> categories = new LinkedHashMap<>();
            Map<String, Integer> deviations = new LinkedHashMap<>();
            int identical = 0;
            int deviationOnly = 0;
            for (Outcome outcome : outcomes) {
                outcome.categories().forEach(category -> categories.merge(category, 1, Integer::sum));
                new LinkedHashSet<>(outcome.deviations()).forEach(name -> deviations.merge(name, 1, Integer::sum));
                if (outcome.differences().isEmpty()) {
                    if (outcome.deviations().isEmpty()) {
                        identical++;
                    } else {
                        deviationOnly++;
                    }
                }
            }
            Map<String, List<Reproduction>> reproductions = shrinkAll(schema, outcomes, categories, generator, ours, theirs,
                    settings);
            SupergraphResult result = new SupergraphResult(set, outcomes.size(), generator.rejected(), identical,
                    deviationOnly, sorted(categories), deviations, reproductions, schemaChecks,
                    Duration.between(start, Instant.now()));
            System.out.println("   identical " + identical + ", differing " + result.differing()
                    + ", only known deviations " + deviationOnly + "; " + sorted(categories));
            return result;
        }
    }

    private static Map<String, Integer> sorted(Map<String, Integer> counts) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    private static String jsonLine(Outcome outcome) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", outcome.index());
        line.put("query", outcome.operation().query());
        line.put("variables", outcome.operation().variables());
        line.put("categories", outcome.categories());
        line.put("ours", outcome.ours());
        line.put("apollo", outcome.theirs());
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Both gateways' responses to one operation, compared; known deviations set apart. */
    static Outcome outcome(GraphQLSchema schema, int index, GeneratedOperation operation, GatewayUnderTest ours,
                           GatewayUnderTest theirs) throws Exception {
        CompletableFuture<JsonNode> ourResponse = ours.executeAsync(operation.query(), operation.variables());
        CompletableFuture<JsonNode> theirResponse = theirs.executeAsync(operation.query(), operation.variables());
        JsonNode our = ourResponse.get(60, TimeUnit.SECONDS);
        JsonNode their = theirResponse.get(60, TimeUnit.SECONDS);
        List<Difference> differences = new ArrayList<>();
        List<String> deviations = new ArrayList<>();
        List<Difference> all = ResponseComparison.compare(our, their);
        KnownDeviations.Judgement judgement = all.isEmpty() ? null
                : new KnownDeviations.Judgement(schema, operation, our, their, written -> {
                    try {
                        return theirs.execute(written.query(), written.variables());
                    } catch (IOException e) {
                        return null;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                });
        for (Difference difference : all) {
            KnownDeviations.of(difference, judgement).ifPresentOrElse(
                    deviation -> deviations.add(deviation.name()), () -> differences.add(difference));
        }
        return new Outcome(index, operation, our, their, differences, deviations);
    }

    /** For each category, the smallest few operations that show it, each shrunk while it still shows it. */
    private static Map<String, List<Reproduction>> shrinkAll(GraphQLSchema schema, List<Outcome> outcomes,
                                                             Map<String, Integer> categories,
                                                             OperationGenerator generator, GatewayUnderTest ours,
                                                             GatewayUnderTest theirs, Settings settings) {
        Map<String, List<Reproduction>> reproductions = new LinkedHashMap<>();
        Shrinker shrinker = new Shrinker(generator::isValid, settings.shrinkTries());
        for (String category : categories.keySet()) {
            System.out.println("   shrinking \"" + category + "\"...");
            List<Outcome> smallest = outcomes.stream().filter(o -> o.categories().contains(category))
                    .sorted(Comparator.comparingInt(o -> o.operation().query().length()))
                    .limit(settings.reproductions()).toList();
            List<Reproduction> shrunk = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Outcome original : smallest) {
                GeneratedOperation operation = shrinker.shrink(original.operation(), candidate -> {
                    try {
                        return outcome(schema, original.index(), candidate, ours, theirs).categories().contains(category);
                    } catch (Exception e) {
                        return false;
                    }
                });
                if (!seen.add(operation.query())) {
                    continue;
                }
                try {
                    Outcome rerun = outcome(schema, original.index(), operation, ours, theirs);
                    if (rerun.categories().contains(category)) {
                        shrunk.add(new Reproduction(original.index(),
                                (int) original.operation().query().lines().count(), rerun));
                    }
                } catch (Exception e) {
                    System.out.println("   could not rerun a reproduction: " + e);
                }
            }
            shrunk.sort(Comparator.comparingInt(r -> r.shrunk().operation().query().length()));
            reproductions.put(category, shrunk);
        }
        return reproductions;
    }

    /** Whether a gateway's API schema, read by introspection, is the one Apollo derives from its supergraph. */
    private static String schemaCheck(String what, GatewayUnderTest gateway, GraphQLSchema expected) throws Exception {
        JsonNode response = gateway.execute(IntrospectionQuery.INTROSPECTION_QUERY, Map.of());
        if (!response.path("data").isObject()) {
            return what + ": introspection failed: " + response;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = JSON.convertValue(response.get("data"), Map.class);
        GraphQLSchema actual = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().buildRegistry(
                new IntrospectionResultToSchema().createSchemaDefinition(data)));
        List<String> ourLines = printed(actual);
        List<String> theirLines = printed(expected);
        if (ourLines.equals(theirLines)) {
            return what + ": identical to Apollo's.";
        }
        List<String> onlyOurs = ourLines.stream().filter(line -> !theirLines.contains(line)).toList();
        List<String> onlyTheirs = theirLines.stream().filter(line -> !ourLines.contains(line)).toList();
        return what + ": DIFFERS. Only in ours: " + onlyOurs + "; only in Apollo's: " + onlyTheirs
                + (onlyOurs.isEmpty() && onlyTheirs.isEmpty() ? " (the same lines in another order)" : "");
    }

    /** The schema printed with types and fields sorted, without directives or descriptions, line by line. */
    static List<String> printed(GraphQLSchema schema) {
        String text = new SchemaPrinter(SchemaPrinter.Options.defaultOptions().includeDirectives(false)
                .includeScalarTypes(false).includeSchemaDefinition(false).includeIntrospectionTypes(false)
                .descriptionsAsHashComments(true)).print(schema);
        return text.lines().filter(line -> !line.isBlank() && !line.strip().startsWith("#")).toList();
    }

    /** Runs a Node.js command in Apollo's gateway directory; returns what it printed, or fails with it. */
    private static String node(Path directory, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(false).start();
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed: "
                    + new String(errors.join(), StandardCharsets.UTF_8));
        }
        return output;
    }
}
