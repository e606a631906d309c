package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import io.vertx.core.Vertx;
import org.throughline.gateway.supergraph.Subgraph;
import org.throughline.gateway.supergraph.Supergraph;
import org.throughline.gateway.supergraph.SupergraphComposer;
import org.throughline.gateway.supergraph.SupergraphReader;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Real subgraphs on one Vert.x instance and a gateway composed over them: the setting of the gateway's HTTP tests. */
final class FederatedSubgraphs implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, TestSubgraph> subgraphs = new LinkedHashMap<>();
    private Supergraph supergraph;
    private Gateway gateway;

    TestSubgraph start(String name, String sdl, RuntimeWiring wiring, Function<Map<String, Object>, Object> entities)
            throws Exception {
        TestSubgraph subgraph = TestSubgraph.start(vertx, name, sdl, wiring, entities);
        subgraphs.put(name, subgraph);
        return subgraph;
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
        supergraph = SupergraphReader.read(SupergraphComposer.compose(
                subgraphs.values().stream().map(TestSubgraph::schema).toList()));
        gateway = new Gateway(supergraph, new VertxSubgraphTransport(vertx, JSON, timeouts), overrideLabels);
        return this;
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

    Gateway gateway() {
        return gateway;
    }

    void forgetRequests() {
        subgraphs.values().forEach(TestSubgraph::forgetRequests);
    }

    /** Runs a request through the gateway and returns the whole response as JSON. */
    JsonNode execute(String query, Map<String, Object> variables) throws Exception {
        return JSON.valueToTree(gateway.execute(new GraphQLRequest(query, null, variables), Map.of())
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    JsonNode execute(String query) throws Exception {
        return execute(query, Map.of());
    }

    @Override
    public void close() throws Exception {
        for (TestSubgraph subgraph : subgraphs.values()) {
            subgraph.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
