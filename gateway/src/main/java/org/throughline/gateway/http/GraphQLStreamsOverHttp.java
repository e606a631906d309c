package org.throughline.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.throughline.edge.Refusal;
import org.throughline.gateway.execution.Caller;
import org.throughline.gateway.execution.Gateway;
import org.throughline.gateway.execution.GraphQLRequest;
import org.throughline.gateway.execution.PreparationWorkers;
import org.throughline.gateway.security.Unauthenticated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Subscriptions (and any operation) answered over one HTTP response, in either of two framings the client asks for
 * with its Accept header: GraphQL over server-sent events, the distinct connections mode of graphql-sse
 * ({@code text/event-stream}: a {@code next} event per GraphQL response, then {@code complete}), or Apollo's multipart
 * HTTP subscriptions as Apollo Client and Apollo Router speak them ({@code multipart/mixed;subscriptionSpec="1.0"}:
 * a part {@code {"payload": <response>}} per response, {@code {}} parts as heartbeats, and the subscription's end as
 * {@code {"payload": null, "errors": [...]}}). A request refused before it starts (invalid, not allowed) is answered
 * as JSON with status 400, as graphql-sse's own server does. The caller is signed in as for any request (the
 * Authorization header); when its token expires, the stream ends with an {@code UNAUTHENTICATED} error. Heartbeats
 * keep proxies from closing a quiet stream.
 */
final class GraphQLStreamsOverHttp {

    private static final Logger LOG = Logger.getLogger(GraphQLStreamsOverHttp.class);

    /** How a stream's responses are framed on the wire. */
    enum Framing {
        SERVER_SENT_EVENTS("text/event-stream; charset=utf-8", Duration.ofSeconds(12)) {
            @Override
            String heartbeat() {
                return ":\n\n";
            }

            @Override
            String next(String response) {
                return "event: next\ndata: " + response + "\n\n";
            }

            @Override
            String failed(String errors) {
                return next("{\"errors\":" + errors + "}");
            }

            @Override
            String complete() {
                return "event: complete\ndata:\n\n";
            }
        },
        MULTIPART("multipart/mixed;boundary=\"graphql\";subscriptionSpec=\"1.0\"", Duration.ofSeconds(5)) {
            private static final String PART = "\r\n--graphql\r\ncontent-type: application/json\r\n\r\n";

            @Override
            String heartbeat() {
                return PART + "{}";
            }

            @Override
            String next(String response) {
                return PART + "{\"payload\":" + response + "}";
            }

            @Override
            String failed(String errors) {
                return PART + "{\"payload\":null,\"errors\":" + errors + "}";
            }

            @Override
            String complete() {
                return "\r\n--graphql--\r\n";
            }
        };

        final String contentType;
        final Duration heartbeatEvery;

        Framing(String contentType, Duration heartbeatEvery) {
            this.contentType = contentType;
            this.heartbeatEvery = heartbeatEvery;
        }

        /** What keeps a quiet stream open; also the first thing written, so that the headers go out at once. */
        abstract String heartbeat();

        /** One GraphQL response, as JSON. */
        abstract String next(String response);

        /** The stream's end by errors (a JSON array), before {@link #complete()}. */
        abstract String failed(String errors);

        abstract String complete();

        /** The framing the request accepts; none when it accepts neither. */
        static Optional<Framing> accepted(RoutingContext context) {
            String accept = Optional.ofNullable(context.request().getHeader(HttpHeaders.ACCEPT)).orElse("")
                    .toLowerCase(Locale.ROOT);
            if (accept.contains("multipart/mixed") && accept.contains("subscriptionspec")) {
                return Optional.of(MULTIPART);
            }
            if (accept.contains("text/event-stream")) {
                return Optional.of(SERVER_SENT_EVENTS);
            }
            return Optional.empty();
        }
    }

    private final ObjectMapper json;
    private final Vertx vertx;
    private final PreparationWorkers preparers;

    private final StreamQuotas quotas;
    /** The streams open now: what shutting down ends. */
    private final java.util.Set<Events> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    GraphQLStreamsOverHttp(ObjectMapper json, Vertx vertx, PreparationWorkers preparers, StreamQuotas quotas) {
        this.quotas = quotas;
        this.json = json;
        this.vertx = vertx;
        this.preparers = preparers;
    }

    /** Ends every stream with GATEWAY_SHUTTING_DOWN: the client subscribes again elsewhere, or once it is back. */
    void goingAway() {
        new ArrayList<>(open).forEach(Events::goingAway);
    }

    /**
     * Streams the request's responses to the client; {@code refuse} answers a request refused before it started
     * (status and body).
     */
    void stream(RoutingContext context, Framing framing, Gateway gateway, GraphQLRequest request, Map<String, String> headers,
                Caller caller, Optional<SecurityIdentity> identity, BiConsumer<Integer, Map<String, Object>> refuse) {
        HttpServerResponse response = context.response();
        Context trace = Context.current();
        String address = StreamQuotas.address(context);
        if (!quotas.openConnection(address)) {
            StreamQuotas.refuseConnection(context, json, quotas.connectionsPerAddress());
            return;
        }
        String user = identity.map(SecurityIdentity::getPrincipal).map(java.security.Principal::getName).orElse(null);
        if (!quotas.startOperation(user)) {
            quotas.closeConnection(address);
            refuse.accept(429, Map.of("errors", List.of(Refusal.graphqlError("you run " + quotas.operationsPerUser()
                    + " operations already, as many as one user may at once", "SUBSCRIPTION_LIMIT", null))));
            return;
        }
        Events[] registered = new Events[1];
        Events events = new Events(context, framing, refuse, () -> {
            open.remove(registered[0]);
            quotas.endOperation(user);
            quotas.closeConnection(address);
        });
        registered[0] = events;
        open.add(events);
        preparers.execute(() -> {
            Gateway.Cancellation cancellation = gateway.stream(request, headers, caller, trace, events);
            events.cancelWith(cancellation);
        });
        response.closeHandler(closed -> events.cancel());
        identity.map(SecurityIdentity::getPrincipal).filter(JsonWebToken.class::isInstance)
                .map(principal -> ((JsonWebToken) principal).getExpirationTime()).filter(expiry -> expiry > 0)
                .ifPresent(expiry -> events.expiresIn(Math.max(1, expiry * 1000 - System.currentTimeMillis())));
    }

    /** One stream: its state, and what it writes, always on the request's event loop. */
    private final class Events implements Gateway.Stream {
        private final RoutingContext context;
        private final Framing framing;
        private final io.vertx.core.Context loop;
        private final BiConsumer<Integer, Map<String, Object>> refuse;
        private boolean open;
        private boolean over;
        private Gateway.Cancellation cancellation;
        private boolean cancelled;
        private long heartbeat = -1;
        private long expiry = -1;
        /** Gives the stream's places back; run once, when it ends whichever way. */
        private Runnable release;

        Events(RoutingContext context, Framing framing, BiConsumer<Integer, Map<String, Object>> refuse,
               Runnable release) {
            this.release = release;
            this.context = context;
            this.framing = framing;
            this.loop = Vertx.currentContext();
            this.refuse = refuse;
        }

        synchronized void cancelWith(Gateway.Cancellation started) {
            cancellation = started;
            if (cancelled) {
                started.cancel();
            }
        }

        void cancel() {
            Gateway.Cancellation started;
            synchronized (this) {
                cancelled = true;
                started = cancellation;
            }
            if (started != null) {
                started.cancel();
            }
            loop.runOnContext(v -> stopTimers());
        }

        void goingAway() {
            cancel();
            loop.runOnContext(v -> {
                fail(List.of(Refusal.graphqlError("the gateway is shutting down: subscribe again",
                        "GATEWAY_SHUTTING_DOWN", null)));
                finish();
            });
        }

        private synchronized void released() {
            if (release != null) {
                release.run();
                release = null;
            }
        }

        void expiresIn(long millis) {
            loop.runOnContext(v -> expiry = vertx.setTimer(millis, id -> {
                cancel();
                loop.runOnContext(w -> {
                    fail(List.of(Refusal.graphqlError(Unauthenticated.EXPIRED_TOKEN.message(), "UNAUTHENTICATED",
                            null)));
                    finish();
                });
            }));
        }

        @Override
        public void started() {
            loop.runOnContext(v -> {
                if (over) {
                    return;
                }
                open = true;
                context.response().setStatusCode(200).setChunked(true)
                        .putHeader(HttpHeaders.CONTENT_TYPE, framing.contentType)
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .putHeader("X-Accel-Buffering", "no");
                // The headers go out now: a client learns that its subscription started before any event.
                context.response().write(framing.heartbeat());
                heartbeat = vertx.setPeriodic(framing.heartbeatEvery.toMillis(), id -> {
                    if (!over) {
                        context.response().write(framing.heartbeat());
                    }
                });
            });
        }

        @Override
        public void next(Map<String, Object> response) {
            loop.runOnContext(v -> {
                if (!over && context.response().writeQueueFull()) {
                    // A client that does not read is not sent ever more: its subscription ends.
                    cancel();
                    fail(List.of(Refusal.graphqlError("the subscription ended: the client did not read its events "
                            + "as fast as they came", "SUBSCRIPTION_BACKLOG_EXCEEDED", null)));
                    finish();
                    return;
                }
                write(() -> framing.next(json.writeValueAsString(response)));
            });
        }

        @Override
        public void ended(List<Map<String, Object>> errors) {
            loop.runOnContext(v -> {
                if (over) {
                    return;
                }
                if (!open) {
                    over = true;
                    released();
                    refuse.accept(400, Map.of("errors", errors));
                    return;
                }
                if (!errors.isEmpty()) {
                    fail(errors);
                }
                finish();
            });
        }

        private void fail(List<Map<String, Object>> errors) {
            write(() -> framing.failed(json.writeValueAsString(errors)));
        }

        /** What a stream writes, made from JSON that may fail to be written. */
        private interface Written {
            String text() throws Exception;
        }

        private void write(Written written) {
            if (over || !open || context.response().closed()) {
                return;
            }
            try {
                context.response().write(written.text());
            } catch (Exception e) {
                LOG.warn("an event could not be written to a client", e);
            }
        }

        private void finish() {
            if (over) {
                return;
            }
            if (open && !context.response().closed()) {
                context.response().end(framing.complete());
            }
            over = true;
            stopTimers();
        }

        private void stopTimers() {
            released();
            if (heartbeat >= 0) {
                vertx.cancelTimer(heartbeat);
            }
            if (expiry >= 0) {
                vertx.cancelTimer(expiry);
            }
        }
    }
}
