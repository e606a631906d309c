package org.throughline.subgraph.events;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every GraphQL subscription of a subgraph shares: it lasts as long as the caller's token. A subscription is
 * authorized as a query is, once, when it starts (the socket's upgrade request carries the token); when the token
 * expires the subscription ends with a {@link TokenExpiredException}, so a revoked or lapsed sign-in never keeps
 * receiving. In the insecure quick start there is no token and no end.
 */
public final class Subscriptions {

    private Subscriptions() {
    }

    public static <T> Multi<T> whileSignedIn(SecurityIdentity identity, Multi<T> events) {
        return whileSignedIn(identity, events, Clock.systemUTC());
    }

    static <T> Multi<T> whileSignedIn(SecurityIdentity identity, Multi<T> events, Clock clock) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token) || token.getExpirationTime() <= 0) {
            return events;
        }
        Instant expiry = Instant.ofEpochSecond(token.getExpirationTime());
        Duration left = Duration.between(clock.instant(), expiry);
        Multi<T> expired = Multi.createFrom().failure(() -> new TokenExpiredException(expiry));
        if (left.isNegative() || left.isZero()) {
            return expired;
        }
        // The events until the token expires; if they end first (they do not, live), the subscription ends with them.
        AtomicBoolean ended = new AtomicBoolean();
        Multi<T> untilExpiry = events.onCompletion().invoke(() -> ended.set(true)).select().first(left);
        return Multi.createBy().concatenating().streams(untilExpiry,
                Multi.createFrom().deferred(() -> ended.get() ? Multi.createFrom().empty() : expired));
    }
}
