package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.http.TokenIssuer;
import org.throughline.testing.EventStream;
import org.throughline.testing.GraphQLWebSocket;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What one client may hold open: operations per user across its WebSockets and HTTP streams, and streams per client
 * address (here read from X-Forwarded-For, so that each test is a client of its own).
 */
@QuarkusTest
@TestProfile(StreamLimitsTest.SmallLimits.class)
class StreamLimitsTest {

    /** As {@link SubscriptionsOverWebSocketTest.Secured}, with two operations per user and three streams per address. */
    public static class SmallLimits extends SubscriptionsOverWebSocketTest.Secured {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("throughline.gateway.subscriptions.max-per-user", "2");
            config.put("throughline.gateway.subscriptions.max-connections-per-address", "3");
            config.put("quarkus.http.proxy.proxy-address-forwarding", "true");
            config.put("quarkus.http.proxy.allow-x-forwarded", "true");
            return config;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String REVIEWS = "subscription { reviewAdded { body } }";

    /** A subscription of its own: identical ones of one caller would share one subgraph subscription. */
    private static String reviews(String alias) {
        return "subscription { " + alias + ": reviewAdded { body } }";
    }

    TokenIssuer issuer;

    private String tokenOf(String user) {
        return "Bearer " + issuer.token(claims -> {
            claims.setSubject(user);
            claims.setClaim("preferred_username", user);
        });
    }

    private static GraphQLWebSocket socketFrom(String address) {
        return GraphQLWebSocket.open(URI.create("ws://localhost:" + RestAssured.port + "/graphql"),
                Map.of("X-Forwarded-For", address));
    }

    @AfterEach
    void everySubscriptionEndsInTheSubgraphToo() throws InterruptedException {
        SubscriptionSubgraphs.REVIEWS.awaitSubscribers(0, WAIT);
    }

    @Test
    void aUserRunsAtMostItsLimitOfOperationsAcrossItsSocketsAndStreams() throws Exception {
        String ada = tokenOf("ada");
        try (GraphQLWebSocket first = socketFrom("10.0.1.1").init(Map.of("Authorization", ada), WAIT);
             GraphQLWebSocket second = socketFrom("10.0.1.2").init(Map.of("Authorization", ada), WAIT);
             GraphQLWebSocket other = socketFrom("10.0.1.3").init(Map.of("Authorization", tokenOf("alan")), WAIT)) {
            first.subscribe("1", reviews("r1"), Map.of());
            first.subscribe("2", reviews("r2"), Map.of());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(2, WAIT);

            second.subscribe("3", reviews("r3"), Map.of());
            JsonNode refused = second.next(WAIT);
            assertEquals("error", refused.path("type").asText(), refused.toString());
            assertEquals("SUBSCRIPTION_LIMIT", refused.at("/payload/0/extensions/code").asText());
            try (EventStream stream = EventStream.open(URI.create("http://localhost:" + RestAssured.port
                    + "/graphql?query=" + URLEncoder.encode(REVIEWS, StandardCharsets.UTF_8)),
                    Map.of("Authorization", ada, "apollo-require-preflight", "true", "X-Forwarded-For", "10.0.1.4"))) {
                assertEquals(429, stream.status());
                assertEquals("SUBSCRIPTION_LIMIT", JSON.readTree(stream.body()).at("/errors/0/extensions/code").asText());
            }

            other.subscribe("4", reviews("r4"), Map.of());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(3, WAIT);

            first.complete("1");
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(2, WAIT);
            second.subscribe("5", reviews("r5"), Map.of());
            SubscriptionSubgraphs.REVIEWS.awaitSubscribers(3, WAIT);
        }
    }

    @Test
    void aClientAddressHoldsAtMostItsLimitOfStreamsOpen() throws Exception {
        List<GraphQLWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(socketFrom("10.0.2.1").init(Map.of("Authorization", tokenOf("grace")), WAIT));
            }

            CompletionException refused = assertThrows(CompletionException.class, () -> socketFrom("10.0.2.1"));
            assertEquals(429, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
            try (EventStream stream = EventStream.open(URI.create("http://localhost:" + RestAssured.port
                    + "/graphql?query=" + URLEncoder.encode(REVIEWS, StandardCharsets.UTF_8)),
                    Map.of("Authorization", tokenOf("grace"), "apollo-require-preflight", "true",
                            "X-Forwarded-For", "10.0.2.1"))) {
                assertEquals(429, stream.status());
                assertEquals("TOO_MANY_CONNECTIONS",
                        JSON.readTree(stream.body()).at("/errors/0/extensions/code").asText());
            }
            try (GraphQLWebSocket elsewhere = socketFrom("10.0.2.2").init(Map.of("Authorization", tokenOf("grace")),
                    WAIT)) {
                elsewhere.subscribe("1", reviews("r1"), Map.of());
                SubscriptionSubgraphs.REVIEWS.awaitSubscribers(1, WAIT);
            }
        } finally {
            open.forEach(GraphQLWebSocket::close);
        }
    }
}
