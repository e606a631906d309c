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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged gateway's GraphQL over server-sent events (graphql-sse, distinct connections mode) at /graphql, with
 * security on, in front of the same real subgraphs as {@link SubscriptionsOverWebSocketTest}.
 */
@QuarkusTest
@TestProfile(SubscriptionsOverWebSocketTest.Secured.class)
class SubscriptionsOverServerSentEventsTest {

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
