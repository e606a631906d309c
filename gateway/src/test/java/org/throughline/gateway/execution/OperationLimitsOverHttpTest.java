package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.throughline.edge.OperationLimits;
import org.throughline.gateway.supergraph.Subgraph;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one operation may ask of the gateway, and what a subgraph may answer, over two real subgraphs whose types
 * refer to each other (a product's reviews, a review's product): every limit refuses before any fetch, with a code.
 */
class OperationLimitsOverHttpTest {

    private static final Map<String, Map<String, Object>> PRODUCTS = new LinkedHashMap<>();

    static {
        for (int i = 1; i <= 3; i++) {
            PRODUCTS.put("p" + i, Map.of("__typename", "Product", "upc", "p" + i, "name", "Product " + i));
        }
    }

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();

    @BeforeAll
    static void startSubgraphs() throws Exception {
        SUBGRAPHS.start("products", """
                type Product @key(fields: "upc") { upc: String! name: String! blurb(size: Int!): String }
                type Query { topProducts(first: Int): [Product!]! product(upc: ID!): Product }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type
                        .dataFetcher("topProducts", env -> PRODUCTS.values().stream().toList())
                        .dataFetcher("product", env -> PRODUCTS.get((String) env.getArgument("upc"))))
                .type("Product", type -> type.dataFetcher("blurb", env -> "x".repeat(env.<Integer>getArgument("size"))))
                .build(), representation -> PRODUCTS.get((String) representation.get("upc")));
        SUBGRAPHS.start("reviews", """
                type Review { id: ID! body: String! product: Product! leak: String coded: String }
                type Product @key(fields: "upc") { upc: String! reviews: [Review!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Product", type -> type.dataFetcher("reviews", env -> {
                    Object upc = ((Map<?, ?>) env.getSource()).get("upc");
                    return List.of(Map.of("id", "r-" + upc, "body", "Fine", "product", Map.of("upc", upc)));
                }))
                .type("Review", type -> type
                        .dataFetcher("leak", env -> {
                            throw new IllegalStateException("org.postgresql.util.PSQLException: ERROR: relation "
                                    + "\"review\" does not exist at db.internal:5432 (select * from review)");
                        })
                        .dataFetcher("coded", env -> DataFetcherResult.newResult().error(GraphqlErrorBuilder
                                .newError(env).message("The review is withheld until moderated.")
                                .extensions(Map.of("code", "WITHHELD", "exception", "com.example.ModerationException",
                                        "field", "coded")).build()).build()))
                .build(), representation -> Map.of("__typename", "Product", "upc", representation.get("upc")));
        SUBGRAPHS.compose();
    }

    private static JsonNode run(Gateway gateway, String query, Map<String, Object> variables) throws Exception {
        return FederatedSubgraphs.JSON.valueToTree(gateway.execute(new GraphQLRequest(query, null, variables), Map.of())
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    private static JsonNode run(String query) throws Exception {
        return run(SUBGRAPHS.gateway(), query, Map.of());
    }

    private static void assertRefusedBeforeAnyFetch(JsonNode response, String code) {
        assertFalse(response.has("data"), response.toString());
        assertEquals(code, response.at("/errors/0/extensions/code").asText(), response.toString());
        assertTrue(SUBGRAPHS.get("products").requests().isEmpty() && SUBGRAPHS.get("reviews").requests().isEmpty(),
                "a refused operation reached a subgraph");
    }

    /** {@code topProducts { reviews { product { reviews { ... } } } } }: {@code levels} fields, one in the next. */
    private static String cycle(int levels) {
        StringBuilder query = new StringBuilder("{ topProducts {");
        for (int level = 2; level < levels; level++) {
            query.append(level % 2 == 0 ? " reviews {" : " product {");
        }
        query.append(levels % 2 == 0 ? " upc" : " id");
        return query.append(" }".repeat(levels - 1)).append(" }").toString();
    }

    @Test
    void aHundredLevelCycleIsRefusedForItsDepthBeforeAnyFetch() throws Exception {
        assertRefusedBeforeAnyFetch(run(cycle(100)), "MAX_DEPTH_LIMIT");
    }

    @Test
    void depthCountsThroughFragmentsAndTheLimitItselfIsAllowed() throws Exception {
        assertEquals(15, OperationLimits.DEFAULTS.maxDepth());
        // Without the cost estimate, which a cycle of lists fifteen deep would go beyond.
        Gateway depthOnly = SUBGRAPHS.gatewayWith(GatewayOptions.DEFAULTS.withLimits(
                new OperationLimits(15, 30, 20, 10_000, 100, 15_000, 0, 10)), VertxSubgraphTransport.DEFAULT_RESPONSE_BOUND);
        JsonNode allowed = run(depthOnly, cycle(15), Map.of());
        assertFalse(allowed.has("errors"), allowed.toString());
        SUBGRAPHS.forgetRequests();
        assertRefusedBeforeAnyFetch(run(depthOnly, """
                query { topProducts { ...Reviews } }
                fragment Reviews on Product { reviews { product { reviews { product { reviews { product { reviews {
                  product { reviews { product { reviews { product { reviews { product { ...Leaf } } } } } } } } } } } } } } }
                fragment Leaf on Product { reviews { id } }
                """, Map.of()), "MAX_DEPTH_LIMIT");
    }

    @Test
    void aliasesAreCountedAsOftenAsTheirFragmentIsSpread() throws Exception {
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            aliases.append(" n").append(i).append(": name");
        }
        JsonNode tenAliases = run("{ topProducts { ...Names } } fragment Names on Product {" + aliases + " }");
        assertFalse(tenAliases.has("errors"), tenAliases.toString());
        SUBGRAPHS.forgetRequests();
        JsonNode refused = run("{ topProducts { a: upc ...Names b: reviews { ...Names } c: reviews { product { ...Names } } } }"
                + " fragment Names on Product {" + aliases + " }");
        assertRefusedBeforeAnyFetch(refused, "MAX_ALIASES_LIMIT");
        assertTrue(refused.at("/errors/0/message").asText().contains("33 aliased fields"), refused.toString());
    }

    @Test
    void tooManyRootFieldsAreRefused() throws Exception {
        StringBuilder roots = new StringBuilder("{");
        for (int i = 0; i <= OperationLimits.DEFAULTS.maxRootFields(); i++) {
            roots.append(" p").append(i).append(": product(upc: \"p1\") { name }");
        }
        Gateway generousOnAliases = SUBGRAPHS.gatewayWith(GatewayOptions.DEFAULTS.withLimits(
                new OperationLimits(15, 0, 20, 10_000, 100, 15_000, 1_000_000, 10)), VertxSubgraphTransport.DEFAULT_RESPONSE_BOUND);
        assertRefusedBeforeAnyFetch(run(generousOnAliases, roots + " }", Map.of()), "MAX_ROOT_FIELDS_LIMIT");
    }

    @Test
    void aDocumentOfTooManyTokensIsRefusedWhileItIsRead() throws Exception {
        String query = "{ topProducts { upc" + " __typename".repeat(OperationLimits.DEFAULTS.maxTokens()) + " } }";
        assertRefusedBeforeAnyFetch(run(query), "MAX_TOKENS_LIMIT");
    }

    @Test
    void anOperationWhoseListsMultiplyBeyondTheCostLimitIsRefused() throws Exception {
        // 1 + 10,000 × (1 + 10 × (1 + (1 + 10 × 1))) = 1,210,001 > 1,000,000
        String expensive = "{ topProducts(first: 10000) { reviews { product { reviews { id } } } } }";
        JsonNode refused = run(expensive);
        assertRefusedBeforeAnyFetch(refused, "COST_ESTIMATED_TOO_EXPENSIVE");
        assertTrue(refused.at("/errors/0/message").asText().contains("1210001"), refused.toString());
        JsonNode cheap = run("{ topProducts(first: 2) { reviews { product { reviews { id } } } } }");
        assertFalse(cheap.has("errors"), cheap.toString());
    }

    @Test
    void aCostThatDependsOnVariablesIsEstimatedForEachRequest() throws Exception {
        String query = "query Top($n: Int) { topProducts(first: $n) { reviews { product { reviews { id } } } } }";
        JsonNode cheap = run(SUBGRAPHS.gateway(), query, Map.of("n", 3));
        assertFalse(cheap.has("errors"), cheap.toString());
        SUBGRAPHS.forgetRequests();
        assertRefusedBeforeAnyFetch(run(SUBGRAPHS.gateway(), query, Map.of("n", 10_000)), "COST_ESTIMATED_TOO_EXPENSIVE");
    }

    @Test
    void anObjectGivenForAnIdVariableIsBadInputAndNeverSent() throws Exception {
        JsonNode refused = run(SUBGRAPHS.gateway(), "query P($upc: ID!) { product(upc: $upc) { name } }",
                Map.of("upc", Map.of("a", 1)));
        assertRefusedBeforeAnyFetch(refused, "BAD_USER_INPUT");
        assertEquals("Variable $upc is not an ID: an ID is a string or an integer, not an object",
                refused.at("/errors/0/message").asText());
        JsonNode integer = run(SUBGRAPHS.gateway(), "query P($upc: ID!) { product(upc: $upc) { upc } }",
                Map.of("upc", 7));
        assertFalse(integer.has("errors"), integer.toString());
    }

    @Test
    void anOperationPastItsDeadlineIsAnsweredWithoutWaitingForItsFetches() throws Exception {
        Gateway impatient = SUBGRAPHS.gatewayWith(GatewayOptions.DEFAULTS.withRequestTimeout(Duration.ofMillis(300)),
                VertxSubgraphTransport.DEFAULT_RESPONSE_BOUND);
        SUBGRAPHS.get("products").delay = Duration.ofSeconds(3);
        try {
            long start = System.nanoTime();
            JsonNode response = run(impatient, "{ topProducts { name } }", Map.of());
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("GATEWAY_TIMEOUT", response.at("/errors/0/extensions/code").asText(), response.toString());
            assertTrue(response.get("data").isNull(), response.toString());
            assertTrue(tookMillis < 2_500, "answered after " + tookMillis + " ms");
        } finally {
            SUBGRAPHS.get("products").delay = Duration.ZERO;
        }
    }

    @Test
    void anOperationThatWaitedForAWorkerPastItsDeadlineIsAnsweredThenAndNeverParsed() throws Exception {
        Gateway gateway = SUBGRAPHS.gatewayWith(GatewayOptions.DEFAULTS, VertxSubgraphTransport.DEFAULT_RESPONSE_BOUND);
        Deadline deadline = Deadline.after(Duration.ofMillis(200));
        // A worker that takes the task only once the deadline has passed, as a saturated pool would.
        java.util.concurrent.CompletableFuture<Void> workerDone = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.Executor late = task -> new Thread(() -> {
            while (!deadline.passed()) {
                java.util.concurrent.locks.LockSupport.parkNanos(deadline.remainingNanos());
            }
            task.run();
            workerDone.complete(null);
        }).start();
        JsonNode response = FederatedSubgraphs.JSON.valueToTree(gateway.execute(new GraphQLRequest(
                "{ topProducts { name } }", null, Map.of()), Map.of(), false, Caller.UNCHECKED,
                io.opentelemetry.context.Context.root(), deadline, late).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("GATEWAY_TIMEOUT", response.at("/errors/0/extensions/code").asText(), response.toString());
        assertTrue(response.get("data").isNull(), response.toString());
        workerDone.get(10, TimeUnit.SECONDS);
        assertEquals(0, gateway.preparedCount(), "the worker prepared an operation past its deadline");
        assertTrue(SUBGRAPHS.get("products").requests().isEmpty(), "an operation past its deadline was fetched");
    }

    @Test
    void aSubgraphResponseBeyondTheBoundIsAnErrorAtItsFieldsNotAnOutOfMemory() throws Exception {
        Gateway bounded = SUBGRAPHS.gatewayWith(GatewayOptions.DEFAULTS, 4_096);
        JsonNode small = run(bounded, "{ product(upc: \"p1\") { blurb(size: 100) } }", Map.of());
        assertEquals(100, small.at("/data/product/blurb").asText().length(), small.toString());
        JsonNode large = run(bounded, "{ product(upc: \"p1\") { blurb(size: 100000) } }", Map.of());
        assertTrue(large.at("/data/product").isNull(), large.toString());
        assertEquals("SUBREQUEST_RESPONSE_TOO_LARGE", large.at("/errors/0/extensions/code").asText(), large.toString());
        assertEquals("product", large.at("/errors/0/path/0").asText(), large.toString());
    }

    /** The guard that keeps planning off the event loop (see GraphQLEndpointTest for the route that obeys it). */
    @Test
    void preparingAnOperationOnAnEventLoopThreadIsCaught() throws Exception {
        java.util.concurrent.CompletableFuture<Throwable> caught = new java.util.concurrent.CompletableFuture<>();
        SUBGRAPHS.vertx().runOnContext(ignored -> {
            try {
                SUBGRAPHS.gateway().execute(new GraphQLRequest("query OnTheLoop { topProducts { upc } }", null,
                        Map.of()), Map.of());
                caught.complete(null);
            } catch (Throwable e) {
                caught.complete(e);
            }
        });
        Throwable failure = caught.get(5, TimeUnit.SECONDS);
        assertTrue(failure instanceof AssertionError, String.valueOf(failure));
    }

    @Test
    void theOperationCacheKeepsItsBoundAndTheOperationsInUse() throws Exception {
        Gateway gateway = new Gateway(SUBGRAPHS.supergraph(), (subgraph, operation, variables, headers) ->
                java.util.concurrent.CompletableFuture.completedFuture(Map.of("data", Map.of())),
                new GatewayOptions(java.util.Set.of(), true, OperationLimits.DEFAULTS, Duration.ofSeconds(5), 20,
                        1_000_000, SubgraphErrors.MASKED, Telemetry.NONE, java.util.Set.of()));
        GraphQLRequest hot = new GraphQLRequest("{ topProducts { name } }", null, Map.of());
        for (int i = 0; i < 200; i++) {
            gateway.execute(hot, Map.of()).toCompletableFuture().get(5, TimeUnit.SECONDS);
            gateway.execute(new GraphQLRequest("{ product(upc: \"" + i + "\") { name } }", null, Map.of()), Map.of())
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        long kept = gateway.preparedCount();
        assertTrue(kept <= 20 && kept >= 10, "kept " + kept);
        assertTrue(gateway.readyToRun(hot, Caller.UNCHECKED), "the operation used on every request was evicted");
    }

    @Test
    void aSubgraphErrorReachesTheClientWithItsMessagePathAndCodeButNoInternals() throws Exception {
        JsonNode response = run("{ topProducts { upc reviews { leak coded } } }");
        JsonNode leak = null;
        JsonNode coded = null;
        for (JsonNode error : response.get("errors")) {
            if (leak == null && error.at("/path/4").asText().equals("leak")) {
                leak = error;
            } else if (coded == null && error.at("/path/4").asText().equals("coded")) {
                coded = error;
            }
        }
        assertTrue(leak != null && coded != null, response.toString());
        String text = response.toString();
        for (String internal : List.of("PSQLException", "db.internal", "5432", "select", "IllegalStateException",
                "com.example")) {
            assertFalse(text.contains(internal), internal + " reached the client: " + text);
        }
        assertEquals("DOWNSTREAM_SERVICE_ERROR", leak.at("/extensions/code").asText());
        assertEquals("The review is withheld until moderated.", coded.get("message").asText());
        assertEquals("WITHHELD", coded.at("/extensions/code").asText());
        assertEquals("coded", coded.at("/extensions/field").asText());
        assertEquals("[\"topProducts\",0,\"reviews\",0,\"coded\"]", coded.get("path").toString());
    }

    @Test
    void aSubgraphNamedToPassItsErrorsOnHasThemForwardedAsTheyAre() throws Exception {
        Gateway passing = SUBGRAPHS.gatewayWith(new GatewayOptions(java.util.Set.of(), true, OperationLimits.DEFAULTS,
                Duration.ofSeconds(5), 100, 1_000_000, new SubgraphErrors(java.util.Set.of("reviews")), Telemetry.NONE, java.util.Set.of()),
                VertxSubgraphTransport.DEFAULT_RESPONSE_BOUND);
        JsonNode response = run(passing, "{ topProducts { reviews { leak } } }", Map.of());
        assertTrue(response.toString().contains("PSQLException"), response.toString());
    }

    @Test
    void anUnreachableSubgraphIsNamedButNotWhereItRuns() throws Exception {
        VertxSubgraphTransport transport = new VertxSubgraphTransport(SUBGRAPHS.vertx(), FederatedSubgraphs.JSON,
                subgraph -> Duration.ofSeconds(2));
        // Port 9 (discard) has no listener here: the connection is refused.
        Gateway gateway = new Gateway(SUBGRAPHS.supergraph(), (subgraph, operation, variables, headers) -> transport.send(
                new Subgraph(subgraph.id(), subgraph.name(), "http://127.0.0.1:9/graphql"), operation, variables, headers),
                GatewayOptions.DEFAULTS);
        JsonNode response = run(gateway, "{ topProducts { name } }", Map.of());
        assertEquals("SUBREQUEST_HTTP_ERROR", response.at("/errors/0/extensions/code").asText(), response.toString());
        assertEquals("subgraph products could not be reached", response.at("/errors/0/message").asText());
        assertFalse(response.toString().contains("127.0.0.1"), response.toString());
    }
}
