package org.throughline.gateway.execution;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.jboss.logging.Logger;
import org.throughline.gateway.execution.SubgraphTransport.SubgraphEvents;
import org.throughline.gateway.execution.SubgraphTransport.SubgraphSubscription;
import org.throughline.gateway.supergraph.Subgraph;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Subscriptions to subgraphs over GraphQL over WebSocket, the {@code graphql-transport-ws} protocol of graphql-ws
 * (which SmallRye GraphQL, Apollo Server and graphql-java's servers speak): one socket per subscription, at the
 * subgraph's GraphQL URL, with the caller's headers on the upgrade request and its Authorization in the
 * {@code connection_init} payload too, where servers that read no upgrade headers look for it.
 */
final class GraphQLWsClient {

    static final String PROTOCOL = "graphql-transport-ws";
    private static final Logger LOG = Logger.getLogger(GraphQLWsClient.class);
    private static final TypeReference<Map<String, Object>> MESSAGE = new TypeReference<>() {
    };

    private final Vertx vertx;
    private final WebSocketClient client;
    private final ObjectMapper json;
    private final Function<Subgraph, Duration> timeouts;

    GraphQLWsClient(Vertx vertx, ObjectMapper json, Function<Subgraph, Duration> timeouts) {
        this.vertx = vertx;
        // One socket per subscription: Vert.x's default of 50 sockets per subgraph would make the 51st subscription
        // wait for a socket and time out. The limits on what clients hold open bound them instead.
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(65536)
                .setMaxMessageSize(16 * 1024 * 1024).setMaxConnections(Integer.MAX_VALUE));
        this.json = json;
        this.timeouts = timeouts;
    }

    SubgraphSubscription subscribe(Subgraph subgraph, String operation, Map<String, Object> variables,
                                   Map<String, String> headers, SubgraphEvents events) {
        Duration timeout = timeouts.apply(subgraph);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(webSocketUrl(subgraph.url()))
                .addSubProtocol(PROTOCOL).setConnectTimeout(timeout.toMillis()).setTimeout(timeout.toMillis());
        headers.forEach(options::addHeader);
        Session session = new Session(subgraph, operation, variables, headers, events, timeout);
        client.connect(options).onComplete(connected -> {
            if (connected.failed()) {
                session.fail(connected.cause() instanceof io.vertx.core.http.UpgradeRejectedException rejected
                        ? new SubgraphException("SUBREQUEST_HTTP_ERROR", "subgraph " + subgraph.name()
                        + " refused the subscription with HTTP " + rejected.getStatus())
                        : VertxSubgraphTransport.failure(subgraph, timeout, connected.cause()));
                return;
            }
            session.open(connected.result());
        });
        return session::cancel;
    }

    /** The subgraph's GraphQL URL with the WebSocket scheme: {@code ws} for {@code http}, {@code wss} for https. */
    static String webSocketUrl(String url) {
        if (url.startsWith("https://")) {
            return "wss://" + url.substring("https://".length());
        }
        if (url.startsWith("http://")) {
            return "ws://" + url.substring("http://".length());
        }
        return url;
    }

    void close() {
        client.close();
    }

    /** One subscription's socket; its handlers all run on the socket's event loop. */
    private final class Session {
        private final Subgraph subgraph;
        private final String operation;
        private final Map<String, Object> variables;
        private final Map<String, String> headers;
        private final SubgraphEvents events;
        private final Duration timeout;
        private WebSocket socket;
        /** Set once the subscription is over, by whichever side: nothing is delivered after it. */
        private boolean ended;
        private long ackTimer = -1;

        Session(Subgraph subgraph, String operation, Map<String, Object> variables, Map<String, String> headers,
                SubgraphEvents events, Duration timeout) {
            this.subgraph = subgraph;
            this.operation = operation;
            this.variables = variables;
            this.headers = headers;
            this.events = events;
            this.timeout = timeout;
        }

        synchronized void open(WebSocket opened) {
            socket = opened;
            if (ended) {
                opened.close((short) 1000, "cancelled");
                return;
            }
            opened.textMessageHandler(this::received);
            opened.exceptionHandler(failure -> fail(VertxSubgraphTransport.failure(subgraph, timeout, failure)));
            opened.closeHandler(closed -> fail(new SubgraphException("SUBREQUEST_HTTP_ERROR", "subgraph "
                    + subgraph.name() + " closed the subscription" + (opened.closeStatusCode() == null ? ""
                    : " (" + opened.closeStatusCode() + (opened.closeReason() == null || opened.closeReason().isBlank()
                    ? "" : " " + opened.closeReason()) + ")"))));
            Map<String, Object> payload = new LinkedHashMap<>();
            headers.forEach((name, value) -> {
                if (name.equalsIgnoreCase("authorization")) {
                    payload.put("Authorization", value);
                }
            });
            send(Map.of("type", "connection_init", "payload", payload));
            ackTimer = vertx.setTimer(timeout.toMillis(), id -> fail(VertxSubgraphTransport.failure(subgraph,
                    timeout, new TimeoutException("no connection_ack"))));
        }

        private void received(String text) {
            Map<String, Object> message;
            try {
                message = json.readValue(text, MESSAGE);
            } catch (Exception e) {
                fail(new SubgraphException("SUBREQUEST_MALFORMED_RESPONSE", "subgraph " + subgraph.name()
                        + " sent a subscription message that is not JSON"));
                return;
            }
            String type = String.valueOf(message.get("type"));
            switch (type) {
                case "connection_ack" -> {
                    cancelAckTimer();
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("query", operation);
                    if (!variables.isEmpty()) {
                        payload.put("variables", variables);
                    }
                    send(Map.of("id", "1", "type", "subscribe", "payload", payload));
                }
                case "ping" -> send(Map.of("type", "pong"));
                case "pong" -> {
                }
                case "next" -> {
                    if (message.get("payload") instanceof Map<?, ?> payload) {
                        deliver(() -> events.next(cast(payload)));
                    }
                }
                case "error" -> {
                    List<Map<String, Object>> errors = message.get("payload") instanceof List<?> list
                            ? list.stream().filter(Map.class::isInstance).map(GraphQLWsClient::<Map<String, Object>>cast)
                            .toList() : List.of();
                    end(() -> events.errors(errors));
                }
                case "complete" -> end(events::completed);
                default -> fail(new SubgraphException("SUBREQUEST_MALFORMED_RESPONSE", "subgraph "
                        + subgraph.name() + " sent a subscription message of unknown type " + type));
            }
        }

        private synchronized void deliver(Runnable delivery) {
            if (!ended) {
                delivery.run();
            }
        }

        /** Ends the subscription with what the subgraph said last, and closes the socket. */
        private void end(Runnable last) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                last.run();
            }
            close(1000, "done");
        }

        void fail(SubgraphException failure) {
            end(() -> events.failed(failure));
        }

        /** The gateway's side ends it: the subgraph is told, and nothing more is delivered. */
        void cancel() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            if (socket != null) {
                send(Map.of("id", "1", "type", "complete"));
            }
            close(1000, "cancelled");
        }

        private void cancelAckTimer() {
            if (ackTimer >= 0) {
                vertx.cancelTimer(ackTimer);
            }
        }

        private void close(int code, String reason) {
            cancelAckTimer();
            WebSocket open = socket;
            if (open != null && !open.isClosed()) {
                open.close((short) code, reason);
            }
        }

        private void send(Map<String, Object> message) {
            WebSocket open = socket;
            if (open == null || open.isClosed()) {
                return;
            }
            try {
                open.writeTextMessage(json.writeValueAsString(message));
            } catch (Exception e) {
                LOG.debugf("could not write to subgraph %s: %s", subgraph.name(), e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
