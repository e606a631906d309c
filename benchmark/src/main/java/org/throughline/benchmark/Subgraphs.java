package org.throughline.benchmark;

import com.apollographql.federation.graphqljava.Federation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The four subgraphs of Apollo's classic federation demo (products, inventory, reviews, accounts), as real
 * Federation v2 subgraphs: graphql-java with Apollo's federation-jvm, each on its own port, all on one Vert.x.
 * Both gateways under test sit in front of these same processes' ports.
 */
final class Subgraphs implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINK = """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])
            """;

    private final Vertx vertx;
    private final Map<String, HttpServer> servers = new LinkedHashMap<>();
    private final List<Map<String, Object>> products = new ArrayList<>();
    private final List<Map<String, Object>> users = new ArrayList<>();
    private final List<Map<String, Object>> reviews = new ArrayList<>();

    Subgraphs(Vertx vertx) {
        this.vertx = vertx;
        for (int i = 1; i <= 10; i++) {
            products.add(Map.of("__typename", "Product", "upc", "p" + i, "name", "Product " + i,
                    "price", 100 * i, "weight", 3 * i));
            users.add(Map.of("__typename", "User", "id", "u" + i, "name", "User " + i, "username", "user" + i));
        }
        for (int i = 1; i <= 30; i++) {
            reviews.add(Map.of("id", "r" + i, "body", "Review " + i + " of product " + (1 + i % 10),
                    "product", Map.of("__typename", "Product", "upc", "p" + (1 + i % 10)),
                    "author", Map.of("__typename", "User", "id", "u" + (1 + i % 7), "username", "user" + (1 + i % 7))));
        }
    }

    /** Starts the subgraphs; returns their GraphQL URLs by name. */
    Map<String, String> start() throws Exception {
        serve("products", """
                type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }
                type Query { topProducts(first: Int = 5): [Product] }
                """, RuntimeWiring.newRuntimeWiring().type("Query", type -> type.dataFetcher("topProducts",
                        env -> products.subList(0, Math.min(products.size(), env.<Integer>getArgument("first"))))).build(),
                representation -> byKey(products, "upc", representation));
        serve("inventory", """
                type Product @key(fields: "upc") {
                  upc: String!
                  weight: Int @external
                  price: Int @external
                  inStock: Boolean
                  shippingEstimate: Int @requires(fields: "price weight")
                }
                type Query { warehouses: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    Map<String, Object> product = new HashMap<>(representation);
                    int price = ((Number) representation.get("price")).intValue();
                    int weight = ((Number) representation.get("weight")).intValue();
                    product.put("inStock", price % 200 != 0);
                    product.put("shippingEstimate", price > 1000 ? 0 : weight / 2);
                    return product;
                });
        DataFetcher<Object> reviewsOf = env -> {
            Map<?, ?> source = env.getSource();
            String type = (String) source.get("__typename");
            String key = "User".equals(type) ? "author" : "product";
            String idField = "User".equals(type) ? "id" : "upc";
            return reviews.stream().filter(review -> ((Map<?, ?>) review.get(key)).get(idField).equals(source.get(idField)))
                    .toList();
        };
        serve("reviews", """
                type Review @key(fields: "id") { id: ID! body: String author: User @provides(fields: "username") product: Product }
                type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
                type Product @key(fields: "upc") { upc: String! reviews: [Review] }
                type Query { latestReviews: [Review] }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("latestReviews", env -> reviews.subList(0, 5)))
                .type("User", type -> type.dataFetcher("reviews", reviewsOf))
                .type("Product", type -> type.dataFetcher("reviews", reviewsOf)).build(), representation -> {
                    if ("Review".equals(representation.get("__typename"))) {
                        Map<String, Object> review = byKey(reviews, "id", representation);
                        return review == null ? null : withTypename(review, "Review");
                    }
                    return representation;
                });
        serve("accounts", """
                type User @key(fields: "id") { id: ID! name: String username: String @shareable }
                type Query { me: User }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("me", env -> users.get(0))).build(),
                representation -> byKey(users, "id", representation));
        Map<String, String> urls = new LinkedHashMap<>();
        servers.forEach((name, server) -> urls.put(name, "http://127.0.0.1:" + server.actualPort() + "/graphql"));
        return urls;
    }

    private static Map<String, Object> byKey(List<Map<String, Object>> rows, String key, Map<String, Object> representation) {
        return rows.stream().filter(row -> row.get(key).equals(representation.get(key))).findFirst().orElse(null);
    }

    private static Map<String, Object> withTypename(Map<String, Object> row, String type) {
        Map<String, Object> typed = new HashMap<>(row);
        typed.put("__typename", type);
        return typed;
    }

    private void serve(String name, String sdl, RuntimeWiring wiring, Function<Map<String, Object>, Object> entities)
            throws Exception {
        GraphQLSchema schema = Federation.transform(new SchemaParser().parse(LINK + sdl), wiring)
                .fetchEntities(env -> env.<List<Map<String, Object>>>getArgument("representations").stream()
                        .map(entities).toList())
                .resolveEntityType(env -> env.getSchema().getObjectType(
                        (String) ((Map<?, ?>) env.getObject()).get("__typename")))
                .build();
        // Parsed and validated once per distinct query, as a production subgraph would: the gateways should
        // dominate what is measured, not the subgraphs.
        Map<String, graphql.execution.preparsed.PreparsedDocumentEntry> parsed = new java.util.concurrent.ConcurrentHashMap<>();
        GraphQL graphql = GraphQL.newGraphQL(schema).preparsedDocumentProvider((input, parse) ->
                java.util.concurrent.CompletableFuture.completedFuture(parsed.computeIfAbsent(input.getQuery(),
                        query -> parse.apply(input)))).build();
        HttpServer server = vertx.createHttpServer();
        server.requestHandler(request -> request.body().onSuccess(body -> {
            try {
                Map<String, Object> payload = JSON.readValue(body.getBytes(), new TypeReference<>() {
                });
                @SuppressWarnings("unchecked")
                Map<String, Object> variables = payload.get("variables") == null ? Map.of()
                        : (Map<String, Object>) payload.get("variables");
                Map<String, Object> result = graphql.execute(ExecutionInput.newExecutionInput()
                        .query((String) payload.get("query")).variables(variables).build()).toSpecification();
                request.response().putHeader("content-type", "application/json")
                        .end(Buffer.buffer(JSON.writeValueAsBytes(result)));
            } catch (Exception e) {
                request.response().setStatusCode(400).end(String.valueOf(e.getMessage()));
            }
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        servers.put(name, server);
    }

    @Override
    public void close() throws Exception {
        for (HttpServer server : servers.values()) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
