package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.throughline.gateway.supergraph.Subgraph;
import org.throughline.gateway.supergraph.Supergraph;
import org.throughline.gateway.supergraph.SupergraphComposer;
import org.throughline.gateway.supergraph.SupergraphReader;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Real subgraphs on one Vert.x instance and a gateway composed over them: the setting of the gateway's HTTP tests.
 * Registered as a JUnit extension ({@code @RegisterExtension static}), it forgets the subgraphs' requests before
 * each test and stops everything after the class.
 */
final class FederatedSubgraphs implements AutoCloseable, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, TestSubgraph> subgraphs = new LinkedHashMap<>();
    private Supergraph supergraph;
    private Gateway gateway;
    /** A second gateway over the same subgraphs, on a supergraph Apollo's composition produced, when attached. */
    private Gateway apolloComposed;
    private Function<Subgraph, Duration> timeouts = subgraph -> Duration.ofSeconds(5);
    private Set<String> overrideLabels = Set.of();

    TestSubgraph start(String name, String sdl, RuntimeWiring wiring, Function<Map<String, Object>, Object> entities)
            throws Exception {
        TestSubgraph subgraph = TestSubgraph.start(vertx, name, sdl, wiring, entities);
        subgraphs.put(name, subgraph);
        return subgraph;
    }

    /**
     * The products subgraph several tests start alike: {@code topProducts} answers a Table (p1) and a Chair (p2);
     * {@code entities} answers its {@code _entities}.
     */
    TestSubgraph startTopProducts(Function<Map<String, Object>, Object> entities) throws Exception {
        return start("products", """
                type Product @key(fields: "upc") { upc: String! name: String! }
                type Query { topProducts: [Product!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("topProducts", env -> List.of(
                        Map.of("upc", "p1", "name", "Table"), Map.of("upc", "p2", "name", "Chair"))))
                .build(), entities);
    }

    TestSubgraph get(String name) {
        return subgraphs.get(name);
    }

    Vertx vertx() {
        return vertx;
    }

    /**
     * Composes the started subgraphs and puts a gateway in front of them, with a timeout per subgraph and the
     * named progressive-override labels it turns on.
     */
    FederatedSubgraphs compose(Function<Subgraph, Duration> timeouts, Set<String> overrideLabels) {
        this.timeouts = timeouts;
        this.overrideLabels = overrideLabels;
        supergraph = SupergraphReader.read(SupergraphComposer.compose(
                subgraphs.values().stream().map(TestSubgraph::schema).toList()));
        gateway = new Gateway(supergraph, new VertxSubgraphTransport(vertx, JSON, timeouts), overrideLabels);
        return this;
    }

    /**
     * Attaches a supergraph that Apollo's composition made of the same subgraphs (a test resource whose subgraph
     * URLs are {@code http://<name>.invalid/graphql}): from then on {@link #execute} runs every request on it too
     * and fails unless both answers are the same.
     */
    FederatedSubgraphs alsoOnApolloComposed(String resource) throws java.io.IOException {
        String sdl;
        try (var in = FederatedSubgraphs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            sdl = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, TestSubgraph> subgraph : subgraphs.entrySet()) {
            sdl = sdl.replace("http://" + subgraph.getKey() + ".invalid/graphql", subgraph.getValue().url());
        }
        Supergraph theirs = SupergraphReader.read(sdl);
        String theirApi = printed(theirs);
        String ourApi = printed(supergraph);
        if (!theirApi.equals(ourApi)) {
            throw new AssertionError("the API schema of the supergraph Apollo composed differs from ours:\n" + theirApi
                    + "\n--- ours:\n" + ourApi);
        }
        apolloComposed = new Gateway(theirs, new VertxSubgraphTransport(vertx, JSON, timeouts), overrideLabels);
        return this;
    }

    /** The API schema printed with types and fields in name order: what clients see, whatever the composition order. */
    private static String printed(Supergraph supergraph) {
        return new graphql.schema.idl.SchemaPrinter(graphql.schema.idl.SchemaPrinter.Options.defaultOptions()
                .includeDirectives(false).includeIntrospectionTypes(false).includeScalarTypes(true))
                .print(supergraph.apiSchema());
    }

    FederatedSubgraphs compose(Function<Subgraph, Duration> timeouts) {
        return compose(timeouts, Set.of());
    }

    FederatedSubgraphs compose() {
        return compose(subgraph -> Duration.ofSeconds(5));
    }

    Supergraph supergraph() {
        return supergraph;
    }

    /** Another gateway over the composed supergraph, with these options and at most this many bytes per response. */
    Gateway gatewayWith(GatewayOptions options, long responseBound) {
        return gatewayWith(options, responseBound, transport -> transport);
    }

    /** As {@link #gatewayWith(GatewayOptions, long)}, its transport wrapped by {@code wrap}, to watch what it answers. */
    Gateway gatewayWith(GatewayOptions options, long responseBound,
                        java.util.function.UnaryOperator<SubgraphTransport> wrap) {
        return new Gateway(supergraph, wrap.apply(new VertxSubgraphTransport(vertx, JSON, timeouts,
                subgraph -> responseBound)), options);
    }

    Gateway gateway() {
        return gateway;
    }

    void forgetRequests() {
        subgraphs.values().forEach(TestSubgraph::forgetRequests);
    }

    /**
     * Runs a request through the gateway and returns the whole response as JSON. With an Apollo-composed
     * supergraph attached, runs it there first, checks both answers are the same, and forgets what that first run
     * asked of the subgraphs, so that a test sees the requests of one run.
     */
    JsonNode execute(String query, Map<String, Object> variables) throws Exception {
        if (apolloComposed == null) {
            return executeOnOurSupergraph(query, variables);
        }
        Map<TestSubgraph, Integer> before = new LinkedHashMap<>();
        subgraphs.values().forEach(subgraph -> before.put(subgraph, subgraph.requests().size()));
        JsonNode theirs = run(apolloComposed, query, variables);
        before.forEach(TestSubgraph::forgetRequestsAfter);
        JsonNode ours = executeOnOurSupergraph(query, variables);
        if (!ours.equals(theirs)) {
            throw new AssertionError("on the supergraph Apollo composed, " + query.strip() + " answers\n  " + theirs
                    + "\nbut on ours\n  " + ours);
        }
        return ours;
    }

    /** Runs a request on the supergraph we composed only: for answers that may differ from run to run. */
    JsonNode executeOnOurSupergraph(String query, Map<String, Object> variables) throws Exception {
        return run(gateway, query, variables);
    }

    private static JsonNode run(Gateway gateway, String query, Map<String, Object> variables) throws Exception {
        return JSON.valueToTree(gateway.execute(new GraphQLRequest(query, null, variables), Map.of())
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    JsonNode execute(String query) throws Exception {
        return execute(query, Map.of());
    }

    /** Runs a request for the caller on the supergraph we composed, its authorization directives enforced. */
    JsonNode executeAs(Caller caller, String query) throws Exception {
        return JSON.valueToTree(gateway.execute(new GraphQLRequest(query, null, Map.of()), Map.of(), false, caller)
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        forgetRequests();
    }

    /**
     * Every query the gateway sent a subgraph must be valid against that subgraph's own schema (its types, the
     * interfaces and union members it has, its field types): a test after which a subgraph rejected one fails.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        List<String> invalid = new java.util.ArrayList<>();
        subgraphs.forEach((name, subgraph) -> subgraph.takeInvalidQueries()
                .forEach(query -> invalid.add(name + ": " + query)));
        if (!invalid.isEmpty()) {
            throw new AssertionError("the gateway sent queries their subgraph's schema rejects:\n"
                    + String.join("\n", invalid));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        for (TestSubgraph subgraph : subgraphs.values()) {
            subgraph.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
