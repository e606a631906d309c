package org.throughline.gateway.execution;

import graphql.schema.idl.RuntimeWiring;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import org.throughline.gateway.supergraph.SupergraphComposer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two real subgraphs for tests of the packaged gateway's subscriptions, started before it: products (Product by
 * upc, with its name) and reviews, whose {@code reviewAdded} subscription sends what the test emits on
 * {@link #REVIEWS}, a review's {@code stars} reserved to executives by {@code @policy}. The gateway reads the
 * supergraph composed of them from a file, as a deployment pinning its supergraph does.
 */
public final class SubscriptionSubgraphs implements QuarkusTestResourceLifecycleManager {

    static final TestEvents REVIEWS = new TestEvents();
    static volatile TestSubgraph reviews;

    private Vertx vertx;
    private TestSubgraph products;
    private Path supergraph;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            products = TestSubgraph.start(vertx, "products", """
                    type Product @key(fields: "upc") { upc: String! name: String! }
                    type Query { topProducts: [Product!]! }
                    """, RuntimeWiring.newRuntimeWiring()
                    .type("Query", type -> type.dataFetcher("topProducts", env -> List.of(
                            Map.of("upc", "p1", "name", "Table")))).build(),
                    representation -> Map.of("__typename", "Product", "upc", representation.get("upc"),
                            "name", "p1".equals(representation.get("upc")) ? "Table" : "Chair"));
            reviews = TestSubgraph.start(vertx, "reviews", """
                    type Review { body: String! stars: Int @policy(policies: [["executive"]]) product: Product! }
                    type Product @key(fields: "upc") { upc: String! }
                    type Query { reviewCount: Int! }
                    type Subscription { reviewAdded: Review! }
                    """, RuntimeWiring.newRuntimeWiring()
                    .type("Query", type -> type.dataFetcher("reviewCount", env -> 0))
                    .type("Subscription", type -> type.dataFetcher("reviewAdded", env -> REVIEWS))
                    .type("Review", type -> type.dataFetcher("product", env -> Map.of("__typename", "Product",
                            "upc", ((Map<?, ?>) env.getSource()).get("upc"))))
                    .build(), representation -> Map.of("__typename", "Product", "upc", representation.get("upc")));
            supergraph = Files.createTempFile("subscriptions-supergraph", ".graphql");
            Files.writeString(supergraph, SupergraphComposer.compose(List.of(products.schema(), reviews.schema())));
        } catch (Exception e) {
            throw new IllegalStateException("the subgraphs of the test could not start", e);
        }
        return Map.of("throughline.gateway.supergraph-file", supergraph.toString());
    }

    @Override
    public void stop() {
        try {
            if (products != null) {
                products.close();
            }
            if (reviews != null) {
                reviews.close();
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            if (supergraph != null) {
                Files.deleteIfExists(supergraph);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
