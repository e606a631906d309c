package org.throughline.benchmark;

import com.apollographql.federation.graphqljava.Federation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The four subgraphs of the public federation gateway benchmark (accounts, inventory, products, reviews), with its
 * schemas' shape, as real Federation v2 subgraphs (graphql-java with Apollo's federation-jvm) on one port under
 * {@code /accounts}, {@code /inventory}, {@code /products} and {@code /reviews}. Run as a process of its own by
 * {@link GatewaysBenchmark}, so that neither the load generator nor a gateway shares its JVM.
 *
 * <p>Its data never changes, so it answers each distinct request body once through graphql-java and replays those
 * bytes after: the subgraphs stay cheap beside the gateways measured, as the public benchmark's Rust subgraphs are.
 * {@code GET /requests} tells how many requests they have had, so that a run can show each gateway's subgraph calls.
 *
 * <p>Usage: {@code FederationBenchmarkSubgraphs <port> <directory for the subgraphs' SDL files>}.
 */
public final class FederationBenchmarkSubgraphs {

    static final List<String> NAMES = List.of("accounts", "inventory", "products", "reviews");
    /** Distinct request bodies remembered at most; past that, answers are computed each time. */
    private static final int MEMO_LIMIT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINK = """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])
            """;

    private static final List<Map<String, Object>> USERS = IntStream.rangeClosed(1, 6).<Map<String, Object>>mapToObj(i ->
            Map.of("id", String.valueOf(i), "name", "Member " + i + " of the benchmark team", "username", "member" + i,
                    "birthday", 1_234_567_890)).toList();
    private static final List<Map<String, Object>> PRODUCTS = List.of(
            product(1, "Table", 899, 100), product(2, "Couch", 1299, 1000), product(3, "Glass", 15, 20),
            product(4, "Chair", 499, 100), product(5, "TV", 1299, 1000), product(6, "Lamp", 6999, 300),
            product(7, "Grill", 3999, 2000), product(8, "Fridge", 100000, 6000), product(9, "Sofa", 9999, 800));
    /** In stock by product upc. */
    private static final Map<String, Boolean> IN_STOCK = Map.of("1", true, "2", false, "3", false, "4", false,
            "5", true, "6", true, "7", true, "8", false, "9", true);
    /** Eleven reviews over products 1 to 4 (most on the first two), written in turn by the six users. */
    private static final List<Map<String, Object>> REVIEWS = IntStream.rangeClosed(1, 11).<Map<String, Object>>mapToObj(i ->
            Map.of("id", String.valueOf(i), "body", reviewBody(i),
                    "product", Map.of("upc", String.valueOf(i <= 4 ? 1 : i <= 8 ? 2 : i == 9 ? 3 : 4)),
                    "author", Map.of("id", String.valueOf(1 + (i - 1) % USERS.size()),
                            "username", "member" + (1 + (i - 1) % USERS.size())))).toList();

    private final Vertx vertx = Vertx.vertx();
    /** Requests answered so far, all subgraphs together: {@code GET /requests} tells. */
    private final LongAdder requests = new LongAdder();

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: FederationBenchmarkSubgraphs <port> <sdl-directory>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path sdlDirectory = Files.createDirectories(Path.of(args[1]));
        Map<String, String> sdl = new FederationBenchmarkSubgraphs().serve(port);
        for (Map.Entry<String, String> subgraph : sdl.entrySet()) {
            Files.writeString(sdlDirectory.resolve(subgraph.getKey() + ".graphql"), subgraph.getValue());
        }
        System.out.println("Subgraphs listening at http://127.0.0.1:" + port + "/{" + String.join(",", NAMES) + "}");
    }

    /** Serves the four subgraphs on {@code port}; returns each one's SDL by name. */
    Map<String, String> serve(int port) throws Exception {
        Map<String, String> sdl = new LinkedHashMap<>();
        Map<String, Function<String, String>> handlers = new HashMap<>();
        sdl.put("accounts", """
                type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }
                type Query { me: User user(id: ID!): User users: [User] }
                """);
        handlers.put("accounts", subgraph(sdl.get("accounts"), RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("me", env -> USERS.get(0))
                        .dataFetcher("user", env -> byKey(USERS, "id", env.getArgument("id")))
                        .dataFetcher("users", env -> USERS)).build(),
                representation -> byKey(USERS, "id", representation.get("id"))));
        sdl.put("inventory", """
                type Product @key(fields: "upc") {
                  upc: String!
                  weight: Int @external
                  price: Int @external
                  inStock: Boolean
                  shippingEstimate: Int @requires(fields: "price weight")
                }
                """);
        handlers.put("inventory", subgraph(sdl.get("inventory"), RuntimeWiring.newRuntimeWiring().build(),
                FederationBenchmarkSubgraphs::inventory));
        sdl.put("products", """
                type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }
                type Query { topProducts(first: Int = 5): [Product] }
                """);
        handlers.put("products", subgraph(sdl.get("products"), RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("topProducts", env -> PRODUCTS.subList(0,
                        Math.max(0, Math.min(PRODUCTS.size(), env.<Integer>getArgument("first")))))).build(),
                representation -> byKey(PRODUCTS, "upc", representation.get("upc"))));
        sdl.put("reviews", """
                type Review @key(fields: "id") { id: ID! body: String product: Product author: User @provides(fields: "username") }
                type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
                type Product @key(fields: "upc") { upc: String! reviews: [Review] }
                """);
        handlers.put("reviews", subgraph(sdl.get("reviews"), RuntimeWiring.newRuntimeWiring()
                .type("User", type -> type.dataFetcher("reviews",
                        env -> reviewsBy("author", "id", env.<Map<String, Object>>getSource().get("id"))))
                .type("Product", type -> type.dataFetcher("reviews",
                        env -> reviewsBy("product", "upc", env.<Map<String, Object>>getSource().get("upc"))))
                .build(), FederationBenchmarkSubgraphs::reviewsEntity));

        HttpServer server = vertx.createHttpServer();
        server.requestHandler(request -> {
            if (request.path().equals("/requests")) {
                request.response().end(String.valueOf(requests.sum()));
                return;
            }
            requests.increment();
            Function<String, String> handler = handlers.get(request.path().substring(1));
            if (handler == null) {
                request.response().setStatusCode(404).end();
                return;
            }
            request.body().onSuccess(body -> answer(request, handler, body));
        });
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Map<String, String> withLink = new LinkedHashMap<>();
        sdl.forEach((name, text) -> withLink.put(name, LINK + text));
        return withLink;
    }

    private static void answer(HttpServerRequest request, Function<String, String> handler, Buffer body) {
        try {
            request.response().putHeader("content-type", "application/json").end(handler.apply(body.toString()));
        } catch (RuntimeException e) {
            request.response().setStatusCode(400).end(String.valueOf(e.getMessage()));
        }
    }

    /** One subgraph: request body in, response body out, each distinct body answered once by graphql-java. */
    private static Function<String, String> subgraph(String sdl, RuntimeWiring wiring,
                                                     Function<Map<String, Object>, Map<String, Object>> entities) {
        GraphQLSchema schema = Federation.transform(new SchemaParser().parse(LINK + sdl), wiring)
                .fetchEntities(env -> env.<List<Map<String, Object>>>getArgument("representations").stream()
                        .map(representation -> typed(entities.apply(representation),
                                (String) representation.get("__typename"))).toList())
                .resolveEntityType(env -> env.getSchema().getObjectType(
                        (String) ((Map<?, ?>) env.getObject()).get("__typename")))
                .build();
        Map<String, PreparsedDocumentEntry> parsed = new ConcurrentHashMap<>();
        GraphQL graphql = GraphQL.newGraphQL(schema).preparsedDocumentProvider((input, parse) ->
                CompletableFuture.completedFuture(parsed.computeIfAbsent(input.getQuery(), query -> parse.apply(input))))
                .build();
        Map<String, String> answered = new ConcurrentHashMap<>();
        Function<String, String> execute = body -> {
            try {
                Map<String, Object> payload = JSON.readValue(body, new TypeReference<>() {
                });
                @SuppressWarnings("unchecked")
                Map<String, Object> variables = payload.get("variables") == null ? Map.of()
                        : (Map<String, Object>) payload.get("variables");
                return JSON.writeValueAsString(graphql.execute(ExecutionInput.newExecutionInput()
                        .query((String) payload.get("query")).variables(variables).build()).toSpecification());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("not a GraphQL request: " + e.getMessage(), e);
            }
        };
        return body -> {
            String known = answered.get(body);
            if (known != null) {
                return known;
            }
            String answer = execute.apply(body);
            if (answered.size() < MEMO_LIMIT) {
                answered.put(body, answer);
            }
            return answer;
        };
    }

    /**
     * Inventory's part of a product. The shipping estimate needs the price and weight the gateway brings from
     * products; a representation without them (when only {@code inStock} is asked) is valid and gets none.
     */
    static Map<String, Object> inventory(Map<String, Object> representation) {
        String upc = (String) representation.get("upc");
        if (!IN_STOCK.containsKey(upc)) {
            return null;
        }
        Map<String, Object> product = new HashMap<>(representation);
        product.put("inStock", IN_STOCK.get(upc));
        Number price = (Number) representation.get("price");
        Number weight = (Number) representation.get("weight");
        product.put("shippingEstimate", price == null || weight == null ? null
                : price.intValue() > 1000 ? 0 : weight.intValue() / 2);
        return product;
    }

    /** A review by its id; a user or product as its key alone, which is all the reviews subgraph needs of it. */
    private static Map<String, Object> reviewsEntity(Map<String, Object> representation) {
        return "Review".equals(representation.get("__typename")) ? byKey(REVIEWS, "id", representation.get("id"))
                : representation;
    }

    private static List<Map<String, Object>> reviewsBy(String reference, String key, Object value) {
        return REVIEWS.stream().filter(review -> ((Map<?, ?>) review.get(reference)).get(key).equals(value)).toList();
    }

    private static Map<String, Object> byKey(List<Map<String, Object>> rows, String key, Object value) {
        return rows.stream().filter(row -> row.get(key).equals(value)).findFirst().orElse(null);
    }

    private static Map<String, Object> typed(Map<String, Object> row, String type) {
        if (row == null) {
            return null;
        }
        Map<String, Object> typed = new HashMap<>(row);
        typed.put("__typename", type);
        return typed;
    }

    private static Map<String, Object> product(int upc, String name, int price, int weight) {
        return Map.of("upc", String.valueOf(upc), "name", name, "price", price, "weight", weight);
    }

    /** Review texts of the lengths the public benchmark's have (from about 150 to 900 characters). */
    private static String reviewBody(int id) {
        String sentence = "Review " + id + ": sturdy, well made and as described; delivery took a little longer than"
                + " promised, but the seller kept us informed at every step. ";
        int[] lengths = {450, 300, 280, 150, 450, 300, 280, 150, 150, 150, 900};
        return sentence.repeat(lengths[id - 1] / sentence.length() + 1).substring(0, lengths[id - 1]).strip();
    }
}
