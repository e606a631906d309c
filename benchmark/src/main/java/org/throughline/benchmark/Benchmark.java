package org.throughline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs our gateway and Apollo's {@code @apollo/gateway} side by side in front of the same four subgraphs (a process of
 * their own, {@link FederationBenchmarkSubgraphs}), with the same supergraph: checks that both answer each benchmark
 * operation alike, then loads each in turn (alternating, rounds averaged) and prints throughput, latency and memory
 * with the ratio ours / Apollo's.
 *
 * <p>Settings (system properties): {@code benchmark.warmup} (default 10s), {@code benchmark.measure} (20s),
 * {@code benchmark.rounds} (2), {@code benchmark.concurrency} (32), {@code throughline.home} (the repository).
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The operations loaded: a pass-through to one subgraph (also sent to that subgraph directly, the floor a
     * gateway adds its overhead to), and the classic federation demo query.
     */
    private static final Map<String, String> OPERATIONS = new LinkedHashMap<>();
    private static final Map<String, String> DIRECT = Map.of("one subgraph", "products");

    static {
        OPERATIONS.put("one subgraph", """
                query TopProducts { topProducts(first: 5) { upc name price } }
                """);
        OPERATIONS.put("four subgraphs, @requires, @provides, 5 entity hops", """
                query Demo {
                  me { id username reviews { body product { upc name price reviews { id author { id username name } } } } }
                  topProducts(first: 5) {
                    upc name weight price inStock shippingEstimate
                    reviews { id body author { id username name reviews { id body product { upc name } } } }
                  }
                }
                """);
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        Duration warmup = Duration.parse("PT" + System.getProperty("benchmark.warmup", "10s").toUpperCase());
        Duration measure = Duration.parse("PT" + System.getProperty("benchmark.measure", "20s").toUpperCase());
        int rounds = Integer.getInteger("benchmark.rounds", 2);
        int concurrency = Integer.getInteger("benchmark.concurrency", 32);
        Path work = home.resolve("benchmark/target/run");
        Files.createDirectories(work);

        Vertx vertx = Vertx.vertx();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            SubgraphsProcess subgraphs = SubgraphsProcess.start(work);
            started.add(subgraphs);
            Map<String, String> urls = subgraphs.urls();
            System.out.println("Subgraphs (own process): " + urls);

            GatewayProcess ours = Gateways.ours(home, work, urls, true);
            started.add(ours);
            Path supergraph = work.resolve("supergraph.graphql");
            Files.writeString(supergraph, GatewayProcess.get(ours.url.replace("/graphql", "/supergraph")));
            GatewayProcess apollo = Gateways.apollo(home, work, supergraph);
            started.add(apollo);
            System.out.println("Gateways: ours at " + ours.url + ", Apollo's at " + apollo.url
                    + " (same supergraph: " + supergraph + ")");

            Load load = new Load(vertx, concurrency);
            StringBuilder report = new StringBuilder();
            report.append("Concurrency ").append(concurrency).append(", warm-up ").append(warmup.toSeconds())
                    .append(" s, ").append(rounds).append(" alternating rounds of ").append(measure.toSeconds())
                    .append(" s per gateway and operation, on ").append(Runtime.getRuntime().availableProcessors())
                    .append(" cores.\n\n");
            report.append("| operation | gateway | req/s | p50 ms | p99 ms | errors |\n|---|---|---:|---:|---:|---:|\n");
            List<String> ratios = new ArrayList<>();
            for (Map.Entry<String, String> operation : OPERATIONS.entrySet()) {
                String body = JSON.writeValueAsString(Map.of("query", operation.getValue()));
                String oursExpected = GatewayProcess.post(ours.url, body);
                String apolloExpected = GatewayProcess.post(apollo.url, body);
                JsonNode oursTree = JSON.readTree(oursExpected);
                if (!oursTree.equals(JSON.readTree(apolloExpected)) || oursTree.has("errors")) {
                    throw new IllegalStateException("the gateways answer \"" + operation.getKey() + "\" differently:\n ours:   "
                            + oursExpected + "\n Apollo: " + apolloExpected);
                }
                System.out.println("Both gateways answer \"" + operation.getKey() + "\" alike (" + oursExpected.length()
                        + " bytes); loading...");
                load.run(ours.url, body, oursExpected, warmup);
                load.run(apollo.url, body, apolloExpected, warmup);
                List<Load.Result> oursResults = new ArrayList<>();
                List<Load.Result> apolloResults = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    oursResults.add(load.run(ours.url, body, oursExpected, measure));
                    apolloResults.add(load.run(apollo.url, body, apolloExpected, measure));
                }
                Load.Result o = average(oursResults);
                Load.Result a = average(apolloResults);
                row(report, operation.getKey(), "Throughline", o);
                row(report, operation.getKey(), "@apollo/gateway", a);
                String direct = DIRECT.get(operation.getKey());
                if (direct != null) {
                    String url = urls.get(direct);
                    Load.Result d = load.run(url, body, GatewayProcess.post(url, body), measure);
                    row(report, operation.getKey(), "no gateway: the " + direct + " subgraph itself", d);
                }
                ratios.add(String.format("%s: throughput ours/Apollo's = %.2f, p99 latency ours/Apollo's = %.2f",
                        operation.getKey(), o.perSecond() / a.perSecond(), o.p99Millis() / a.p99Millis()));
            }
            long oursMemory = ours.residentMemoryMiB();
            long apolloMemory = apollo.residentMemoryMiB();
            report.append("\nResident memory after the load: ours ").append(oursMemory).append(" MiB, Apollo's ")
                    .append(apolloMemory).append(" MiB.\n\nRatios (side by side in this run):\n");
            ratios.forEach(ratio -> report.append("- ").append(ratio).append('\n'));
            report.append(String.format("- resident memory ours/Apollo's = %.2f%n", (double) oursMemory / apolloMemory));
            Files.writeString(home.resolve("benchmark/target/results.md"), report);
            System.out.println();
            System.out.println(report);
            System.out.println("Written to benchmark/target/results.md");
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static Load.Result average(List<Load.Result> results) {
        return new Load.Result(results.stream().mapToLong(Load.Result::requests).sum(),
                results.stream().mapToLong(Load.Result::errors).sum(),
                results.stream().mapToDouble(Load.Result::perSecond).average().orElse(0),
                results.stream().mapToDouble(Load.Result::p50Millis).average().orElse(0),
                results.stream().mapToDouble(Load.Result::p99Millis).average().orElse(0));
    }

    private static void row(StringBuilder report, String operation, String gateway, Load.Result result) {
        report.append(String.format("| %s | %s | %.0f | %.2f | %.2f | %d |%n", operation, gateway, result.perSecond(),
                result.p50Millis(), result.p99Millis(), result.errors()));
    }
}
