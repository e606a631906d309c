package org.throughline.subgraph.events;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
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

    /**
     * The events for as long as the caller is signed in, each handed over on the Vert.x context of the subscription's
     * connection, one at a time in order: the fields of an event's items (a milestone's workstream, a KPI's analytics)
     * then read the database from that context, as they do for a query. The services run their resolvers blocking
     * ({@code quarkus.smallrye-graphql.nonblocking.enabled=false}: a request on a worker thread of its own), so
     * the event is handed over on a worker thread of that context; with non-blocking support on, Quarkus dispatches
     * those fields to a worker itself, and the event is handed over on the context's event loop. Call it from the
     * subscription's resolver, where that context is current.
     */
    public static <T> Multi<T> whileSignedIn(SecurityIdentity identity, Multi<T> events) {
        Context connection = Vertx.currentContext();
        Multi<T> delivered = connection == null ? events : events.emitOn(resolversBlock()
                ? task -> connection.executeBlocking(() -> {
                    task.run();
                    return null;
                }, true)
                : task -> connection.runOnContext(ignored -> task.run()));
        return whileSignedIn(identity, delivered, Clock.systemUTC());
    }

    private static boolean resolversBlock() {
        return !ConfigProvider.getConfig().getOptionalValue("quarkus.smallrye-graphql.nonblocking.enabled",
                Boolean.class).orElse(true);
    }

    /**
     * Each event turned into what the subscriber receives by a read that blocks (its item as it stands now, from the
     * database), on a worker thread rather than the relay's, which serves every subscriber; one at a time, in order.
     */
    public static <E, T> Multi<T> readEach(Multi<E> events, Function<E, T> read) {
        return events.onItem().transformToUniAndConcatenate(event -> Uni.createFrom().item(() -> read.apply(event))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
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
