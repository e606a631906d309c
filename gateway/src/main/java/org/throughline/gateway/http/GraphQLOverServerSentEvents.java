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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * GraphQL over server-sent events, the distinct connections mode of the graphql-sse protocol: a request that accepts
 * {@code text/event-stream} is answered with a stream of {@code next} events (each a GraphQL response: every event of
 * a subscription, or a query's one answer) and a {@code complete} event. A request refused before it starts
 * (invalid, not allowed) is answered as JSON with status 400, as graphql-sse's own server does. The caller is
 * signed in as for any request (the Authorization header); when its token expires, the stream ends with an
 * {@code UNAUTHENTICATED} error. A comment every {@link #HEARTBEAT} keeps proxies from closing a quiet stream.
 */
final class GraphQLOverServerSentEvents {

    static final Duration HEARTBEAT = Duration.ofSeconds(12);
    private static final Logger LOG = Logger.getLogger(GraphQLOverServerSentEvents.class);

    private final ObjectMapper json;
    private final Vertx vertx;
    private final PreparationWorkers preparers;

    GraphQLOverServerSentEvents(ObjectMapper json, Vertx vertx, PreparationWorkers preparers) {
        this.json = json;
        this.vertx = vertx;
        this.preparers = preparers;
    }

    /** Whether the request asks for an event stream. */
    static boolean wanted(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }

    /**
     * Streams the request's responses to the client; {@code refuse} answers a request refused before it started
     * (status and body).
     */
    void stream(RoutingContext context, Gateway gateway, GraphQLRequest request, Map<String, String> headers,
                Caller caller, Optional<SecurityIdentity> identity, BiConsumer<Integer, Map<String, Object>> refuse) {
        HttpServerResponse response = context.response();
        Context trace = Context.current();
        Events events = new Events(context, refuse);
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
        private final io.vertx.core.Context loop;
        private final BiConsumer<Integer, Map<String, Object>> refuse;
        private boolean open;
        private boolean over;
        private Gateway.Cancellation cancellation;
        private boolean cancelled;
        private long heartbeat = -1;
        private long expiry = -1;

        Events(RoutingContext context, BiConsumer<Integer, Map<String, Object>> refuse) {
            this.context = context;
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

        void expiresIn(long millis) {
            loop.runOnContext(v -> expiry = vertx.setTimer(millis, id -> {
                cancel();
                loop.runOnContext(w -> {
                    write("next", Map.of("errors", List.of(Refusal.graphqlError(
                            Unauthenticated.EXPIRED_TOKEN.message(), "UNAUTHENTICATED", null))));
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
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .putHeader("X-Accel-Buffering", "no");
                // The headers go out now: a client learns that its subscription started before any event.
                context.response().write(":\n\n");
                heartbeat = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> {
                    if (!over) {
                        context.response().write(":\n\n");
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
                    write("next", Map.of("errors", List.of(Refusal.graphqlError("the subscription ended: the "
                            + "client did not read its events as fast as they came", "SUBSCRIPTION_BACKLOG_EXCEEDED",
                            null))));
                    finish();
                    return;
                }
                write("next", response);
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
                    refuse.accept(400, Map.of("errors", errors));
                    return;
                }
                if (!errors.isEmpty()) {
                    write("next", Map.of("errors", errors));
                }
                finish();
            });
        }

        private void write(String event, Map<String, Object> data) {
            if (over || !open || context.response().closed()) {
                return;
            }
            try {
                context.response().write("event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n");
            } catch (Exception e) {
                LOG.warn("an event could not be written to a client", e);
            }
        }

        private void finish() {
            if (over) {
                return;
            }
            if (open && !context.response().closed()) {
                context.response().end("event: complete\ndata:\n\n");
            }
            over = true;
            stopTimers();
        }

        private void stopTimers() {
            if (heartbeat >= 0) {
                vertx.cancelTimer(heartbeat);
            }
            if (expiry >= 0) {
                vertx.cancelTimer(expiry);
            }
        }
    }
}
