package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import jakarta.inject.Inject;
import org.throughline.gateway.http.GraphQLOverWebSocket;
import org.throughline.gateway.http.GraphQLRoute;
import org.throughline.gateway.http.TokenIssuer;
import org.throughline.testing.EventStream;
import org.throughline.testing.GraphQLWebSocket;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged gateway's GraphQL over WebSocket ({@code graphql-transport-ws}) at /graphql, with security on:
 * tokens of a real authorization server ({@link TokenIssuer}) in connection_init, real subgraphs over real sockets
 * ({@link SubscriptionSubgraphs}), and the protocol's client as graphql-ws speaks it ({@link GraphQLWebSocket}).
 */
@QuarkusTest
@TestProfile(SubscriptionsOverWebSocketTest.Secured.class)
class SubscriptionsOverWebSocketTest {

    /** Tokens verified; the supergraph of the test's subgraphs. */
    public static class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("throughline.security.insecure", "false",
                    "throughline.gateway.subscriptions.heartbeat", "300ms",
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.http.auth.permission.everything-else.policy", "signed-in");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TokenIssuer.class), new TestResourceEntry(SubscriptionSubgraphs.class));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String REVIEWS = "subscription { reviewAdded { body stars product { name } } }";

    TokenIssuer issuer;
    @Inject
    GraphQLOverWebSocket webSockets;
    @Inject
    GraphQLRoute route;

    private static URI graphql() {
        return URI.create("ws://localhost:" + RestAssured.port + "/graphql");
    }

    private String executive() {
        return "Bearer " + issuer.token(claims -> {
            claims.setSubject("cfo");
            claims.setClaim("realm_access", Map.of("roles", List.of("executive")));
        });
    }

    private String viewer() {
        return "Bearer " + issuer.token(claims -> {
        });
    }

    private static GraphQLWebSocket signedIn(String authorization) {
        return GraphQLWebSocket.open(graphql(), Map.of()).init(Map.of("Authorization", authorization), WAIT);
    }

    private static Map<String, Object> review(String body, int stars, String upc) {
        return Map.of("body", body, "stars", stars, "upc", upc);
    }

    @AfterEach
    void everySubscriptionEndsInTheSubgraphToo() throws InterruptedException {
        SubscriptionSubgraphs.REVIEWS.awaitSubscribers(0, WAIT);
    }

    @Test
    void aSubscriptionThroughTheGatewayReceivesEventsWithFieldsJoinedFromAnotherSubgraph() throws Exception {
        String token = executive();
        try (GraphQLWebSocket socket = signedIn(token)) {
            socket.subscribe("1", REVIEWS, Map.of());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);

            SubscriptionSubgraphs.REVIEWS.emit(review("Sturdy", 5, "p1"));
            SubscriptionSubgraphs.REVIEWS.emit(review("Wobbly", 2, "p2"));

            assertEquals(JSON.readTree("""
                    {"id":"1","type":"next","payload":{"data":{"reviewAdded":{"body":"Sturdy","stars":5,"product":{"name":"Table"}}}}}"""),
                    socket.next(WAIT));
            assertEquals(JSON.readTree("""
                    {"id":"1","type":"next","payload":{"data":{"reviewAdded":{"body":"Wobbly","stars":2,"product":{"name":"Chair"}}}}}"""),
                    socket.next(WAIT));
            assertTrue(SubscriptionSubgraphs.reviews.subscriptionAuthorizations.containsAll(
                    List.of("upgrade " + token, "init " + token)), "the caller's token reaches the subgraph");
        }
    }

    /**
     * graphql-ws's own client, in Node, as front ends run it: taken from the benchmark's installed Hive Gateway
     * ({@code benchmark/hive-gateway}, after {@code npm ci} there) or from {@code -Dthroughline.node-modules}; the
     * test is skipped where neither Node nor the module is installed.
     */
    @Test
    void graphqlWsOwnClientSubscribesThroughTheGatewayAndReceivesJoinedEvents() throws Exception {
        Path modules = Path.of(System.getProperty("throughline.node-modules", "../benchmark/hive-gateway/node_modules"))
                .toAbsolutePath();
        assumeTrue(Files.isDirectory(modules.resolve("graphql-ws")) && Files.isDirectory(modules.resolve("ws")),
                "graphql-ws is not installed at " + modules);
        ProcessBuilder client = new ProcessBuilder("node",
                Path.of("src/test/resources/clients/graphql-ws-client.cjs").toAbsolutePath().toString(),
                graphql().toString(), executive(), REVIEWS, "1").redirectErrorStream(true);
        client.environment().put("NODE_PATH", modules.toString());
        Process node;
        try {
            node = client.start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "node is not installed: " + e.getMessage());
            return;
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8)).lines().forEach(lines::add), "graphql-ws-client");
        reader.setDaemon(true);
        reader.start();
        try {
            assertEquals("{\"connected\":true}", lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);

            SubscriptionSubgraphs.REVIEWS.emit(review("Sturdy", 5, "p1"));

            assertEquals(JSON.readTree("""
                    {"next":{"data":{"reviewAdded":{"body":"Sturdy","stars":5,"product":{"name":"Table"}}}}}"""),
                    JSON.readTree(String.valueOf(lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))));
            assertTrue(node.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the client ends after its event");
        } finally {
            node.destroy();
        }
    }

    @Test
    void shuttingDownClosesSocketsAsGoingAwayAndEndsHttpStreamsWithACode() throws Exception {
        // Another selection than the socket's: identical subscriptions of one caller would share one in the subgraph.
        URI events = URI.create("http://localhost:" + RestAssured.port + "/graphql?query="
                + java.net.URLEncoder.encode("subscription { reviewAdded { body } }",
                java.nio.charset.StandardCharsets.UTF_8));
        try (GraphQLWebSocket socket = signedIn(viewer());
             EventStream stream = EventStream.open(events, Map.of("Authorization", viewer(),
                     "apollo-require-preflight", "true"))) {
            socket.subscribe("1", REVIEWS, Map.of());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(2, WAIT);

            webSockets.goingAway();
            route.goingAway();

            assertEquals("1001 the gateway is shutting down", socket.closedWithin(WAIT).orElseThrow());
            assertEquals("GATEWAY_SHUTTING_DOWN",
                    JSON.readTree(stream.next("next", WAIT).data()).at("/errors/0/extensions/code").asText());
            assertEquals("complete", stream.next(WAIT).name());
        }
    }

    @Test
    void theGatewayPingsAQuietSocketAndKeepsItWhileTheClientAnswers() throws Exception {
        try (GraphQLWebSocket socket = signedIn(viewer())) {
            socket.subscribe("1", REVIEWS, Map.of());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);
            long until = System.nanoTime() + WAIT.toNanos();
            while (socket.pings() < 5 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(socket.pings() >= 5, "pinged " + socket.pings() + " times");

            SubscriptionSubgraphs.REVIEWS.emit(review("Still here", 4, "p2"));

            assertEquals("Still here", socket.next(WAIT).at("/payload/data/reviewAdded/body").asText());
        }
    }

    @Test
    void aFieldThePolicyKeepsFromTheCallerIsNullWithForbiddenInEveryEvent() throws Exception {
        try (GraphQLWebSocket socket = signedIn(viewer())) {
            socket.subscribe("watch", REVIEWS, Map.of());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);

            SubscriptionSubgraphs.REVIEWS.emit(review("Sturdy", 5, "p1"));

            JsonNode event = socket.next(WAIT);
            assertEquals("next", event.path("type").asText());
            assertEquals(JSON.readTree("""
                    {"reviewAdded":{"body":"Sturdy","stars":null,"product":{"name":"Table"}}}"""),
                    event.at("/payload/data"));
            assertEquals("FORBIDDEN", event.at("/payload/errors/0/extensions/code").asText());
            assertEquals(JSON.readTree("[\"reviewAdded\",\"stars\"]"), event.at("/payload/errors/0/path"));
        }
    }

    @Test
    void connectionInitWithoutAValidTokenOfAPlatformRoleIsRefusedAndTheSocketClosed() {
        Map<String, Map<String, Object>> refused = Map.of(
                "no token", Map.of(),
                "invalid token", Map.of("Authorization", "Bearer not-a-token"),
                "expired token", Map.of("Authorization", "Bearer " + issuer.token(claims ->
                        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 600)))),
                "no role of the platform", Map.of("Authorization", "Bearer " + issuer.token(claims ->
                        claims.setClaim("realm_access", Map.of("roles", List.of("metrics"))))));
        try (GraphQLWebSocket socket = GraphQLWebSocket.open(graphql(), Map.of())) {
            socket.subscribe("early", REVIEWS, Map.of());
            assertEquals("4401 Unauthorized", socket.closedWithin(WAIT).orElseThrow(), "subscribing before init");
        }
        refused.forEach((why, payload) -> {
            try (GraphQLWebSocket socket = GraphQLWebSocket.open(graphql(), Map.of())) {
                try {
                    socket.init(payload, WAIT);
                    throw new AssertionError(why + ": acknowledged");
                } catch (AssertionError expected) {
                    if (expected.getMessage().endsWith("acknowledged")) {
                        throw expected;
                    }
                }
                String closed = socket.closedWithin(WAIT).orElseThrow();
                assertTrue(closed.startsWith("4403 Forbidden"), why + ": " + closed);
            }
        });
    }

    @Test
    void aBadSubscriptionGetsAnErrorWithItsCodeAndTheConnectionGoesOn() throws Exception {
        try (GraphQLWebSocket socket = signedIn(viewer())) {
            socket.subscribe("bad", "subscription { reviewAdded { rating } }", Map.of());
            JsonNode error = socket.next(WAIT);
            assertEquals("error", error.path("type").asText());
            assertEquals("bad", error.path("id").asText());
            assertEquals("GRAPHQL_VALIDATION_FAILED", error.at("/payload/0/extensions/code").asText());

            socket.subscribe("query", "{ topProducts { name } }", Map.of());
            assertEquals(JSON.readTree("""
                    {"id":"query","type":"next","payload":{"data":{"topProducts":[{"name":"Table"}]}}}"""),
                    socket.next(WAIT));
            assertEquals(JSON.readTree("{\"id\":\"query\",\"type\":\"complete\"}"), socket.next(WAIT));
        }
    }

    @Test
    void theSubscriptionEndsWithUnauthenticatedWhenTheTokenExpires() throws Exception {
        String shortLived = "Bearer " + issuer.token(claims ->
                claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 3)));
        try (GraphQLWebSocket socket = signedIn(shortLived)) {
            socket.subscribe("1", REVIEWS, Map.of());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);

            JsonNode ended = socket.next(WAIT);

            assertEquals("error", ended.path("type").asText(), ended.toString());
            assertEquals("UNAUTHENTICATED", ended.at("/payload/0/extensions/code").asText());
            assertEquals("4403 Forbidden: the access token expired", socket.closedWithin(WAIT).orElseThrow());
        }
    }

    @Test
    void theSubgraphClosingItsSubscriptionEndsTheClientsWithAnErrorAtTheRootField() throws Exception {
        try (GraphQLWebSocket socket = signedIn(viewer())) {
            socket.subscribe("1", "subscription { reviewAdded { body } }", Map.of());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);

            SubscriptionSubgraphs.reviews.closeSubscriptionSockets();

            JsonNode ended = socket.next(WAIT);
            assertEquals("error", ended.path("type").asText(), ended.toString());
            assertEquals("SUBREQUEST_HTTP_ERROR", ended.at("/payload/0/extensions/code").asText());
            assertEquals(JSON.readTree("[\"reviewAdded\"]"), ended.at("/payload/0/path"));
            assertTrue(ended.at("/payload/0/message").asText().startsWith("subgraph reviews closed the subscription"));
        }
    }
}
