package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.idl.RuntimeWiring;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * In-flight deduplication: identical query fetches on their way at the same time share one subgraph call, while
 * fetches for different callers, mutations, and subgraphs it is switched off for are each sent.
 */
class DeduplicationOverHttpTest {

    private static final AtomicInteger BUMPS = new AtomicInteger();

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph products;
    private static TestSubgraph reviews;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private CompletableFuture<Void> release = new CompletableFuture<>();

    @BeforeAll
    static void startSubgraphs() throws Exception {
        products = SUBGRAPHS.start("products", """
                type Product @key(fields: "upc") { upc: String! name: String! }
                type Query { topProducts: [Product!]! }
                type Mutation { bump: Int! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("topProducts", env -> List.of(
                        Map.of("upc", "p1", "name", "Table"), Map.of("upc", "p2", "name", "Chair"))))
                .type("Mutation", type -> type.dataFetcher("bump", env -> BUMPS.incrementAndGet()))
                .build(), representation -> null);
        reviews = SUBGRAPHS.start("reviews", """
                type Product @key(fields: "upc") { upc: String! rating: Int! summary: String! }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> Map.of("__typename", "Product",
                "upc", representation.get("upc"), "rating", "p1".equals(representation.get("upc")) ? 5 : 3,
                "summary", "p1".equals(representation.get("upc")) ? "solid" : "wobbly"));
        SUBGRAPHS.compose();
    }

    @AfterEach
    void releaseHeldAnswers() {
        release.complete(null);
        products.holdAnswersUntil = null;
    }

    private Gateway gateway(Set<String> undeduplicated) {
        return SUBGRAPHS.gatewayWith(GatewayOptions.DEFAULTS.withTelemetry(new Telemetry(OpenTelemetry.noop(), meters))
                .withoutDeduplication(undeduplicated), VertxSubgraphTransport.DEFAULT_RESPONSE_BOUND);
    }

    private static CompletableFuture<Map<String, Object>> send(Gateway gateway, String query, String authorization) {
        return gateway.execute(new GraphQLRequest(query, null, Map.of()), Map.of("authorization", authorization))
                .toCompletableFuture();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private double shared() {
        var counter = meters.find("throughline.gateway.subgraph.fetches.shared").tag("subgraph", "products").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void concurrentIdenticalFetchesShareOneSubgraphCallAndEachGetsItsOwnWholeAnswer() throws Exception {
        Gateway gateway = gateway(Set.of());
        products.holdAnswersUntil = release;
        String query = "{ topProducts { name rating } }";
        CompletableFuture<Map<String, Object>> first = send(gateway, query, "Bearer alice");
        await(() -> products.requests().size() == 1, "the first fetch reaches products");
        CompletableFuture<Map<String, Object>> second = send(gateway, query, "Bearer alice");
        await(() -> shared() == 1, "the second fetch waits for the first");
        release.complete(null);
        JsonNode one = FederatedSubgraphs.JSON.valueToTree(first.get(10, TimeUnit.SECONDS));
        JsonNode two = FederatedSubgraphs.JSON.valueToTree(second.get(10, TimeUnit.SECONDS));
        assertEquals("{\"data\":{\"topProducts\":[{\"name\":\"Table\",\"rating\":5},{\"name\":\"Chair\",\"rating\":3}]}}",
                one.toString());
        assertEquals(one, two);
        assertEquals(1, products.requests().size(), "products was asked once for both operations");
    }

    @Test
    void operationsThatShareAnAnswerEachMergeTheirOwnFetchesIntoItsCopyAndLeaveTheAnswerAsItCame() throws Exception {
        // Both operations' first fetch is the same ({ topProducts { name __typename upc } }); each then completes
        // the products with its own field from reviews, merged into the objects of the shared answer's products.
        // Each answer of products, beside a copy of what it held when it came.
        List<List<Map<String, Object>>> answered = new java.util.concurrent.CopyOnWriteArrayList<>();
        Gateway gateway = SUBGRAPHS.gatewayWith(GatewayOptions.DEFAULTS.withTelemetry(
                new Telemetry(OpenTelemetry.noop(), meters)), VertxSubgraphTransport.DEFAULT_RESPONSE_BOUND,
                transport -> (subgraph, operation, variables, headers) -> transport.send(subgraph, operation, variables,
                        headers).thenApply(body -> {
                            if (subgraph.name().equals("products")) {
                                answered.add(List.of(body, CompactMap.deepCopy(body)));
                            }
                            return body;
                        }));
        products.holdAnswersUntil = release;
        CompletableFuture<Map<String, Object>> rated = send(gateway, "{ topProducts { name rating } }", "Bearer alice");
        await(() -> products.requests().size() == 1, "the first fetch reaches products");
        CompletableFuture<Map<String, Object>> summed = send(gateway, "{ topProducts { name summary } }", "Bearer alice");
        await(() -> shared() == 1, "the second operation's first fetch waits for the first one's");
        release.complete(null);

        assertEquals("{\"data\":{\"topProducts\":[{\"name\":\"Table\",\"rating\":5},{\"name\":\"Chair\",\"rating\":3}]}}",
                FederatedSubgraphs.JSON.valueToTree(rated.get(10, TimeUnit.SECONDS)).toString());
        assertEquals("{\"data\":{\"topProducts\":[{\"name\":\"Table\",\"summary\":\"solid\"},"
                        + "{\"name\":\"Chair\",\"summary\":\"wobbly\"}]}}",
                FederatedSubgraphs.JSON.valueToTree(summed.get(10, TimeUnit.SECONDS)).toString());
        assertEquals(1, products.requests().size(), "products was asked once for both operations");
        assertEquals(1, answered.size());
        assertEquals(answered.get(0).get(1), answered.get(0).get(0),
                "the shared answer holds neither operation's fields from reviews");
    }

    /**
     * Sends both operations while products holds its answers, waits until both fetches reached it (so neither could
     * have been shared), then releases the answers and returns both responses.
     */
    private List<JsonNode> bothSentWhileHeld(Gateway gateway, String first, String firstCaller, String second,
                                             String secondCaller) throws Exception {
        products.holdAnswersUntil = release;
        CompletableFuture<Map<String, Object>> one = send(gateway, first, firstCaller);
        CompletableFuture<Map<String, Object>> two = send(gateway, second, secondCaller);
        await(() -> products.requests().size() == 2, "both fetches reach products");
        release.complete(null);
        return List.of(FederatedSubgraphs.JSON.valueToTree(one.get(10, TimeUnit.SECONDS)),
                FederatedSubgraphs.JSON.valueToTree(two.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void fetchesForCallersWithDifferentAuthorizationAreNeverShared() throws Exception {
        String query = "{ topProducts { name } }";
        bothSentWhileHeld(gateway(Set.of()), query, "Bearer alice", query, "Bearer bob");
        assertEquals(0, shared());
    }

    @Test
    void identicalMutationsAreEachSent() throws Exception {
        int before = BUMPS.get();
        bothSentWhileHeld(gateway(Set.of()), "mutation { bump }", "Bearer alice", "mutation { bump }", "Bearer alice");
        assertEquals(before + 2, BUMPS.get());
        assertEquals(0, shared());
    }

    @Test
    void aSubgraphItIsSwitchedOffForGetsEveryFetch() throws Exception {
        String query = "{ topProducts { name } }";
        List<JsonNode> answers = bothSentWhileHeld(gateway(Set.of("products")), query, "Bearer alice", query,
                "Bearer alice");
        assertFalse(answers.get(0).has("errors"), answers.get(0).toString());
        assertEquals(answers.get(0), answers.get(1));
        assertEquals(0, shared());
    }
}
