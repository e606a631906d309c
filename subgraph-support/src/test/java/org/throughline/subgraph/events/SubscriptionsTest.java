package org.throughline.subgraph.events;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Multi;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A subscription lasts as long as its caller's token, and tells why it ended. */
class SubscriptionsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private static QuarkusSecurityIdentity signedInUntil(Instant expiry) {
        JsonWebToken token = new JsonWebToken() {
            @Override
            public String getName() {
                return "cfo";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("exp");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return "exp".equals(claimName) ? (T) Long.valueOf(expiry.getEpochSecond()) : null;
            }
        };
        return QuarkusSecurityIdentity.builder().setPrincipal(token).build();
    }

    @Test
    void aSubscriptionWhoseTokenHasExpiredEndsAtOnceWithTokenExpired() {
        Multi<Integer> events = Subscriptions.whileSignedIn(signedInUntil(NOW.minusSeconds(1)),
                Multi.createFrom().items(1, 2, 3), CLOCK);
        TokenExpiredException expired = assertThrows(TokenExpiredException.class,
                () -> events.collect().asList().await().atMost(WITHIN));
        assertTrue(expired.getMessage().contains("expired at " + NOW.minusSeconds(1)), expired.getMessage());
    }

    @Test
    void aLiveSubscriptionEndsWithTokenExpiredWhenItsTokenExpires() {
        // The token expires in a second; the events never end by themselves, as the live feed does not.
        Multi<Integer> events = Subscriptions.whileSignedIn(signedInUntil(NOW.plusSeconds(1)),
                Multi.createFrom().<Integer>nothing(), CLOCK);
        assertThrows(TokenExpiredException.class, () -> events.collect().asList().await().atMost(WITHIN));
    }

    @Test
    void whileTheTokenIsValidEveryEventPassesAndEventsThatEndEndTheSubscription() {
        List<Integer> seen = Subscriptions.whileSignedIn(signedInUntil(NOW.plusSeconds(3600)),
                Multi.createFrom().items(1, 2, 3), CLOCK).collect().asList().await().atMost(WITHIN);
        assertEquals(List.of(1, 2, 3), seen);
    }

    @Test
    void withoutATokenTheSubscriptionLastsAsLongAsItsEvents() {
        List<Integer> seen = Subscriptions.whileSignedIn(QuarkusSecurityIdentity.builder().setAnonymous(true).build(),
                Multi.createFrom().items(1, 2), CLOCK).collect().asList().await().atMost(WITHIN);
        assertEquals(List.of(1, 2), seen);
    }
}
