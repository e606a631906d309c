package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Federated subscriptions over real WebSockets: the gateway subscribes to the subgraph that owns the subscription
 * field (graphql-transport-ws) and completes each of its events with fields another subgraph owns, over HTTP.
 */
class SubscriptionsOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TestEvents REVIEWS = new TestEvents();

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();

    @BeforeAll
    static void startSubgraphs() throws Exception {
        SUBGRAPHS.startTopProducts(representation -> Map.of("__typename", "Product", "upc", representation.get("upc"),
                "name", representation.get("upc").equals("p1") ? "Table" : "Chair"));
        SUBGRAPHS.start("reviews", """
                type Review { body: String! stars: Int! product: Product! }
                type Product @key(fields: "upc") { upc: String! }
                type Query { reviewCount: Int! }
                type Subscription { reviewAdded(minStars: Int): Review! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("reviewCount", env -> 0))
                .type("Subscription", type -> type.dataFetcher("reviewAdded", env -> REVIEWS))
                .type("Review", type -> type.dataFetcher("product", env -> Map.of("__typename", "Product", "upc",
                        ((Map<?, ?>) env.getSource()).get("upc"))))
                .build(), representation -> Map.of("__typename", "Product", "upc", representation.get("upc")));
        SUBGRAPHS.compose();
    }

    /** What a stream of the gateway delivered: each response, then its end. */
    private static final class Received implements Gateway.Stream {
        final BlockingQueue<Map<String, Object>> responses = new LinkedBlockingQueue<>();
        final BlockingQueue<List<Map<String, Object>>> ends = new LinkedBlockingQueue<>();

        @Override
        public void next(Map<String, Object> response) {
            responses.add(response);
        }

        @Override
        public void ended(List<Map<String, Object>> errors) {
            ends.add(errors);
        }

        JsonNode nextResponse() throws InterruptedException {
            Map<String, Object> response = responses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(response, "no event within " + WAIT);
            return JSON.valueToTree(response);
        }

        JsonNode end() throws InterruptedException {
            List<Map<String, Object>> errors = ends.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(errors, "the stream did not end within " + WAIT);
            return JSON.valueToTree(errors);
        }
    }

    private static Gateway.Cancellation subscribe(String query, Map<String, Object> variables, Received into) {
        return SUBGRAPHS.gateway().stream(new GraphQLRequest(query, null, variables),
                Map.of("authorization", "Bearer caller-token"), Caller.UNCHECKED, io.opentelemetry.context.Context.root(),
                into);
    }

    /** Waits for the gateway to have subscribed in the subgraph; fails with how the stream ended if it did. */
    private static void awaitSubscribed(Received received) throws InterruptedException {
        try {
            REVIEWS.awaitSubscribers(1, WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the stream ended with " + received.ends.peek(), e);
        }
    }

    private static Map<String, Object> review(String body, int stars, String upc) {
        return Map.of("body", body, "stars", stars, "upc", upc);
    }

    @AfterEach
    void noSubscriptionIsLeftOpen() throws InterruptedException {
        REVIEWS.awaitSubscribers(0, WAIT);
    }

    @Test
    void eachEventComesBackWithFieldsJoinedFromTheSubgraphThatOwnsThem() throws Exception {
        Received received = new Received();
        Gateway.Cancellation subscription = subscribe("""
                subscription Reviews($min: Int) { reviewAdded(minStars: $min) { body product { upc name } } }
                """, Map.of("min", 1), received);
        awaitSubscribed(received);

        REVIEWS.emit(review("Sturdy", 5, "p1"));
        REVIEWS.emit(review("Wobbly", 2, "p2"));

        assertEquals(JSON.readTree("""
                {"data":{"reviewAdded":{"body":"Sturdy","product":{"upc":"p1","name":"Table"}}}}"""),
                received.nextResponse());
        assertEquals(JSON.readTree("""
                {"data":{"reviewAdded":{"body":"Wobbly","product":{"upc":"p2","name":"Chair"}}}}"""),
                received.nextResponse());
        assertEquals(List.of("subscription Reviews__reviews__0($min:Int){reviewAdded(minStars:$min){body product{upc __typename}}}"),
                SUBGRAPHS.get("reviews").subscriptionQueries.subList(
                        SUBGRAPHS.get("reviews").subscriptionQueries.size() - 1,
                        SUBGRAPHS.get("reviews").subscriptionQueries.size()));
        subscription.cancel();
    }

    @Test
    void theCallersTokenIsForwardedToTheSubgraphOnTheUpgradeAndInConnectionInit() throws Exception {
        TestSubgraph reviews = SUBGRAPHS.get("reviews");
        reviews.subscriptionAuthorizations.clear();
        Received received = new Received();
        Gateway.Cancellation subscription = subscribe("subscription { reviewAdded { body } }", Map.of(), received);
        awaitSubscribed(received);

        assertEquals(List.of("upgrade Bearer caller-token", "init Bearer caller-token"),
                reviews.subscriptionAuthorizations);
        subscription.cancel();
    }

    @Test
    void identicalSubscriptionsOfOneCallerShareOneSubgraphSubscriptionAndEachGetsEveryEvent() throws Exception {
        Received first = new Received();
        Received second = new Received();
        Received otherCaller = new Received();
        String query = "subscription { reviewAdded { body product { name } } }";
        List<String> subscribed = SUBGRAPHS.get("reviews").subscriptionQueries;
        int before = subscribed.size();
        Gateway.Cancellation one = subscribe(query, Map.of(), first);
        awaitSubscribed(first);
        Gateway.Cancellation two = subscribe(query, Map.of(), second);
        Gateway.Cancellation three = SUBGRAPHS.gateway().stream(new GraphQLRequest(query, null, Map.of()),
                Map.of("authorization", "Bearer another-token"), Caller.UNCHECKED,
                io.opentelemetry.context.Context.root(), otherCaller);
        REVIEWS.awaitSubscribers(2, WAIT);

        REVIEWS.emit(review("Shared", 3, "p1"));

        for (Received each : List.of(first, second, otherCaller)) {
            assertEquals("Table", each.nextResponse().at("/data/reviewAdded/product/name").asText());
        }
        assertEquals(2, subscribed.size() - before, "one subgraph subscription per caller: " + subscribed);
        one.cancel();
        REVIEWS.emit(review("Still shared", 3, "p2"));
        assertEquals("Chair", second.nextResponse().at("/data/reviewAdded/product/name").asText());
        two.cancel();
        three.cancel();
    }

    @Test
    void moreSubscriptionsToOneSubgraphThanVertxPoolsSocketsForEachGetTheirOwnAndTheirEvents() throws Exception {
        List<Received> callers = new java.util.ArrayList<>();
        List<Gateway.Cancellation> subscriptions = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Received received = new Received();
            callers.add(received);
            subscriptions.add(SUBGRAPHS.gateway().stream(new GraphQLRequest("subscription { reviewAdded { body } }",
                    null, Map.of()), Map.of("authorization", "Bearer caller-" + i), Caller.UNCHECKED,
                    io.opentelemetry.context.Context.root(), received));
        }
        REVIEWS.awaitSubscribers(60, WAIT);

        REVIEWS.emit(review("To all", 5, "p1"));

        for (Received received : callers) {
            assertEquals("To all", received.nextResponse().at("/data/reviewAdded/body").asText());
        }
        subscriptions.forEach(Gateway.Cancellation::cancel);
    }

    @Test
    void cancellingTheSubscriptionEndsItInTheSubgraph() throws Exception {
        Received received = new Received();
        Gateway.Cancellation subscription = subscribe("subscription { reviewAdded { body } }", Map.of(), received);
        awaitSubscribed(received);

        subscription.cancel();

        REVIEWS.awaitSubscribers(0, WAIT);
        REVIEWS.emit(review("Late", 4, "p1"));
        assertEquals(null, received.responses.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void theSubgraphCompletingTheSubscriptionCompletesItAfterTheEventsBefore() throws Exception {
        Received received = new Received();
        subscribe("subscription { reviewAdded { body product { name } } }", Map.of(), received);
        awaitSubscribed(received);

        REVIEWS.emit(review("Last one", 4, "p2"));
        REVIEWS.complete();

        assertEquals("Chair", received.nextResponse().at("/data/reviewAdded/product/name").asText());
        assertEquals(JSON.readTree("[]"), received.end());
    }

    @Test
    void theSubgraphClosingTheSocketEndsTheSubscriptionWithAnErrorAtItsRootField() throws Exception {
        Received received = new Received();
        subscribe("subscription { reviewAdded { body } }", Map.of(), received);
        awaitSubscribed(received);

        SUBGRAPHS.get("reviews").closeSubscriptionSockets();

        JsonNode errors = received.end();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("SUBREQUEST_HTTP_ERROR", errors.at("/0/extensions/code").asText());
        assertEquals("reviews", errors.at("/0/extensions/service").asText());
        assertEquals(JSON.readTree("[\"reviewAdded\"]"), errors.at("/0/path"));
        assertTrue(errors.at("/0/message").asText().startsWith("subgraph reviews closed the subscription"),
                errors.toString());
    }

    @Test
    void anInvalidOrTooLargeSubscriptionIsRefusedWithCodesAndNothingIsSubscribed() throws Exception {
        int sockets = SUBGRAPHS.get("reviews").subscriptionQueries.size();
        Received unknownField = new Received();
        Received twoRootFields = new Received();
        Received badVariable = new Received();
        Received tooManyAliases = new Received();

        subscribe("subscription { reviewAdded { rating } }", Map.of(), unknownField);
        subscribe("subscription { reviewAdded { body } other: reviewAdded { stars } }", Map.of(), twoRootFields);
        subscribe("subscription ($min: Int) { reviewAdded(minStars: $min) { body } }", Map.of("min", "many"),
                badVariable);
        subscribe("subscription { reviewAdded { " + java.util.stream.IntStream.range(0, 31)
                .mapToObj(i -> "a" + i + ": body").collect(java.util.stream.Collectors.joining(" ")) + " } }",
                Map.of(), tooManyAliases);

        assertEquals("GRAPHQL_VALIDATION_FAILED", unknownField.end().at("/0/extensions/code").asText());
        assertEquals("GRAPHQL_VALIDATION_FAILED", twoRootFields.end().at("/0/extensions/code").asText());
        assertEquals("BAD_USER_INPUT", badVariable.end().at("/0/extensions/code").asText());
        assertEquals("MAX_ALIASES_LIMIT", tooManyAliases.end().at("/0/extensions/code").asText(),
                "the operation limits apply to subscriptions as to queries");
        assertEquals(sockets, SUBGRAPHS.get("reviews").subscriptionQueries.size());
    }

    @Test
    void aSubscriptionAskedForASingleResponseIsRefusedWithACode() throws Exception {
        JsonNode response = SUBGRAPHS.executeOnOurSupergraph("subscription { reviewAdded { body } }", Map.of());

        assertEquals("SUBSCRIPTION_NEEDS_A_STREAM", response.at("/errors/0/extensions/code").asText());
        assertTrue(response.path("data").isMissingNode());
    }

    @Test
    void aQueryRunAsAStreamGivesItsOneResponseAndCompletes() throws Exception {
        Received received = new Received();

        subscribe("{ topProducts { name } }", Map.of(), received);

        assertEquals(JSON.readTree("""
                {"data":{"topProducts":[{"name":"Table"},{"name":"Chair"}]}}"""), received.nextResponse());
        assertEquals(JSON.readTree("[]"), received.end());
    }
}
