package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.http.TokenIssuer;
import org.throughline.testing.EventStream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged gateway's subscriptions as one HTTP response each at /graphql: GraphQL over server-sent events
 * (graphql-sse, distinct connections mode) and Apollo's multipart HTTP subscriptions, with security on, in front of
 * the same real subgraphs as {@link SubscriptionsOverWebSocketTest}.
 */
@QuarkusTest
@TestProfile(SubscriptionsOverWebSocketTest.Secured.class)
class SubscriptionsAsHttpStreamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    TokenIssuer issuer;

    private static URI graphql(String query) {
        return URI.create("http://localhost:" + RestAssured.port + "/graphql?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("apollo-require-preflight", "true");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return headers;
    }

    private String viewer() {
        return "Bearer " + issuer.token(claims -> {
        });
    }

    @AfterEach
    void everySubscriptionEndsInTheSubgraphToo() throws InterruptedException {
        SubscriptionSubgraphs.REVIEWS.awaitSubscribers(0, WAIT);
    }

    @Test
    void aSubscriptionAsServerSentEventsReceivesEachEventJoinedAndCompletesWhenTheSubgraphDoes() throws Exception {
        try (EventStream stream = EventStream.open(graphql("subscription { reviewAdded { body product { name } } }"),
                headers(viewer()))) {
            assertEquals(200, stream.status(), stream.body());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);

            SubscriptionSubgraphs.REVIEWS.emit(Map.of("body", "Sturdy", "stars", 5, "upc", "p1"));
            SubscriptionSubgraphs.REVIEWS.complete();

            assertEquals(JSON.readTree("""
                    {"data":{"reviewAdded":{"body":"Sturdy","product":{"name":"Table"}}}}"""),
                    JSON.readTree(stream.next("next", WAIT).data()));
            assertEquals("complete", stream.next(WAIT).name());
        }
    }

    @Test
    void aMultipartSubscriptionAsApolloClientAsksForItReceivesEachEventAsAPayloadPart() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/graphql"))
                .header("Content-Type", "application/json")
                .header("Accept", "multipart/mixed;boundary=\"graphql\";subscriptionSpec=1.0,application/json")
                .header("Authorization", viewer())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"query":"subscription { reviewAdded { body product { name } } }"}""")).build();
        CompletableFuture<HttpResponse<String>> answered = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.ofString());
        SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);

        SubscriptionSubgraphs.REVIEWS.emit(Map.of("body", "Sturdy", "stars", 5, "upc", "p1"));
        SubscriptionSubgraphs.REVIEWS.complete();

        HttpResponse<String> response = answered.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("multipart/mixed;boundary=\"graphql\";subscriptionSpec=\"1.0\"",
                response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().endsWith("\r\n--graphql--\r\n"), response.body());
        List<JsonNode> payloads = new ArrayList<>();
        for (String part : response.body().split("\r\n--graphql")) {
            int blank = part.indexOf("\r\n\r\n");
            if (blank >= 0 && !part.substring(blank + 4).equals("{}")) {
                payloads.add(JSON.readTree(part.substring(blank + 4)));
            }
        }
        assertEquals(List.of(JSON.readTree("""
                {"payload":{"data":{"reviewAdded":{"body":"Sturdy","product":{"name":"Table"}}}}}""")), payloads);
    }

    @Test
    void aRefusedSubscriptionIsAnsweredWithItsErrorsAndNoStream() throws Exception {
        try (EventStream invalid = EventStream.open(graphql("subscription { reviewAdded { rating } }"),
                headers(viewer()))) {
            assertEquals(400, invalid.status());
            assertEquals("GRAPHQL_VALIDATION_FAILED",
                    JSON.readTree(invalid.body()).at("/errors/0/extensions/code").asText());
        }
        try (EventStream anonymous = EventStream.open(graphql("subscription { reviewAdded { body } }"),
                headers(null))) {
            assertEquals(401, anonymous.status());
            assertEquals("UNAUTHENTICATED", JSON.readTree(anonymous.body()).at("/errors/0/extensions/code").asText());
        }
        Map<String, String> crossSite = headers(viewer());
        crossSite.remove("apollo-require-preflight");
        try (EventStream forged = EventStream.open(graphql("subscription { reviewAdded { body } }"), crossSite)) {
            assertEquals(400, forged.status());
            assertEquals("CSRF_ERROR", JSON.readTree(forged.body()).at("/errors/0/extensions/code").asText());
        }
    }

    @Test
    void theStreamEndsWithUnauthenticatedWhenTheTokenExpires() throws Exception {
        String shortLived = "Bearer " + issuer.token(claims ->
                claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 3)));
        try (EventStream stream = EventStream.open(graphql("subscription { reviewAdded { body } }"),
                headers(shortLived))) {
            assertEquals(200, stream.status(), stream.body());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);

            JsonNode ended = JSON.readTree(stream.next("next", WAIT).data());

            assertEquals("UNAUTHENTICATED", ended.at("/errors/0/extensions/code").asText(), ended.toString());
            assertEquals("complete", stream.next(WAIT).name());
        }
    }
}
