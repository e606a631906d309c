package org.throughline.gateway.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.throughline.edge.Refusal;
import org.throughline.gateway.GatewayConfig;
import org.throughline.gateway.SupergraphHolder;
import org.throughline.gateway.execution.Caller;
import org.throughline.gateway.execution.Gateway;
import org.throughline.gateway.execution.GraphQLRequest;
import org.throughline.gateway.execution.PreparationWorkers;
import org.throughline.gateway.security.Callers;
import org.throughline.gateway.security.Unauthenticated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GraphQL over WebSocket at the GraphQL path, the {@code graphql-transport-ws} protocol of graphql-ws (which
 * graphql-ws's own client and Apollo Client speak): subscriptions, and queries and mutations as one-response
 * streams. The caller signs in with the {@code connection_init} payload ({@code Authorization: Bearer <token>}, as
 * browsers cannot set headers on a WebSocket), or with the upgrade request's Authorization header; the token is
 * checked as a request's is, and the same roles and authorization directives apply. Never a session cookie: a page
 * of another site could open a socket with it. When the token expires, each running operation ends with an
 * {@code UNAUTHENTICATED} error and the socket closes (4403).
 */
@ApplicationScoped
public class GraphQLOverWebSocket implements HttpServerOptionsCustomizer {

    static final String PROTOCOL = "graphql-transport-ws";
    private static final Logger LOG = Logger.getLogger(GraphQLOverWebSocket.class);
    private static final List<String> FORWARDED = List.of("traceparent", "tracestate", "x-request-id");
    private static final TypeReference<Map<String, Object>> MESSAGE = new TypeReference<>() {
    };

    private final SupergraphHolder holder;
    private final ObjectMapper json;
    private final Callers callers;
    private final PersistedOperations persisted;
    private final PreparationWorkers preparers;
    private final Instance<TenantIdentityProvider> tokens;
    private final Vertx vertx;
    private final Duration initTimeout;
    private final Duration heartbeat;
    private final int maxPerConnection;
    private final StreamQuotas quotas;
    /** The sockets open now: what shutting down closes. */
    private final java.util.Set<Connection> connections = ConcurrentHashMap.newKeySet();

    public GraphQLOverWebSocket(SupergraphHolder holder, ObjectMapper json, Callers callers,
                                PersistedOperations persisted, PreparationWorkers preparers,
                                Instance<TenantIdentityProvider> tokens, Vertx vertx, GatewayConfig config,
                                StreamQuotas quotas) {
        this.quotas = quotas;
        this.holder = holder;
        this.json = json;
        this.callers = callers;
        this.persisted = persisted;
        this.preparers = preparers;
        this.tokens = tokens;
        this.vertx = vertx;
        this.initTimeout = config.subscriptions().connectionInitTimeout();
        this.heartbeat = config.subscriptions().heartbeat();
        this.maxPerConnection = config.subscriptions().maxPerConnection();
    }

    /** The HTTP server accepts the protocol's name in the upgrade handshake. */
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        List<String> protocols = new ArrayList<>(Optional.ofNullable(options.getWebSocketSubProtocols())
                .orElse(List.of()));
        if (!protocols.contains(PROTOCOL)) {
            protocols.add(PROTOCOL);
        }
        options.setWebSocketSubProtocols(protocols);
    }

    void shutdown(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        goingAway();
    }

    /**
     * Closes every socket with 1001 (going away): graphql-ws's client takes it as a close to retry, and subscribes
     * again at another replica, or at this one once it is back.
     */
    public void goingAway() {
        new ArrayList<>(connections).forEach(connection -> connection.close(1001, "the gateway is shutting down"));
    }

    /** Whether the request asks to become a WebSocket. */
    static boolean isUpgrade(RoutingContext context) {
        return "websocket".equalsIgnoreCase(context.request().getHeader("Upgrade"));
    }

    /** Turns the request into a socket speaking the protocol; a client that does not speak it is sent away (4406). */
    void upgrade(RoutingContext context) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String name : FORWARDED) {
            String value = context.request().getHeader(name);
            if (value != null) {
                forwarded.put(name, value);
            }
        }
        String upgradeAuthorization = context.request().getHeader("Authorization");
        Context trace = Context.current();
        String address = StreamQuotas.address(context);
        if (!quotas.openConnection(address)) {
            StreamQuotas.refuseConnection(context, json, quotas.connectionsPerAddress());
            return;
        }
        context.request().toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                quotas.closeConnection(address);
                LOG.debugf("a WebSocket upgrade failed: %s", upgraded.cause().toString());
                return;
            }
            ServerWebSocket socket = upgraded.result();
            Connection connection = new Connection(socket, forwarded, upgradeAuthorization, trace, address);
            connection.start();
            if (!PROTOCOL.equals(socket.subProtocol())) {
                socket.close((short) 4406, "Subprotocol not acceptable");
            }
        });
    }

    /** One client's socket: its sign-in, and the operations it runs. */
    private final class Connection {
        private final ServerWebSocket socket;
        private final Map<String, String> forwarded;
        private final String upgradeAuthorization;
        private final Context trace;
        private final String address;
        private final Map<String, Gateway.Cancellation> running = new ConcurrentHashMap<>();
        /** Whom the operations of the socket count against (null: not signed in, or security off). */
        private volatile String user;
        private boolean initReceived;
        private volatile boolean acknowledged;
        private volatile Caller caller;
        private volatile Map<String, String> headers;
        private long initTimer = -1;
        private long pingTimer = -1;
        /** Whether the peer answered the last ping (a pong frame) before the next is due. */
        private volatile boolean answered = true;
        private long expiryTimer = -1;

        Connection(ServerWebSocket socket, Map<String, String> forwarded, String upgradeAuthorization,
                   Context trace, String address) {
            this.address = address;
            this.socket = socket;
            this.forwarded = forwarded;
            this.upgradeAuthorization = upgradeAuthorization;
            this.trace = trace;
        }

        void start() {
            connections.add(this);
            initTimer = vertx.setTimer(initTimeout.toMillis(), id -> {
                if (!acknowledged) {
                    close(4408, "Connection initialisation timeout");
                }
            });
            socket.textMessageHandler(this::received);
            socket.pongHandler(pong -> answered = true);
            pingTimer = vertx.setPeriodic(heartbeat.toMillis(), id -> {
                if (!answered) {
                    close(1001, "no answer to the gateway's pings");
                    return;
                }
                answered = false;
                if (!socket.isClosed()) {
                    socket.writePing(io.vertx.core.buffer.Buffer.buffer());
                }
            });
            socket.binaryMessageHandler(binary -> close(4400, "Binary messages are not part of the protocol"));
            socket.closeHandler(closed -> ended());
        }

        private void received(String text) {
            Map<String, Object> message;
            try {
                message = json.readValue(text, MESSAGE);
            } catch (Exception e) {
                close(4400, "Invalid message received");
                return;
            }
            String type = String.valueOf(message.get("type"));
            switch (type) {
                case "connection_init" -> init(message.get("payload"));
                case "ping" -> send(Map.of("type", "pong"));
                case "pong" -> {
                }
                case "subscribe" -> subscribe(message);
                case "complete" -> {
                    Gateway.Cancellation cancellation = message.get("id") instanceof String id ? finish(id) : null;
                    if (cancellation != null) {
                        cancellation.cancel();
                    }
                }
                default -> close(4400, "Invalid message received");
            }
        }

        private void init(Object payload) {
            if (initReceived) {
                close(4429, "Too many initialisation requests");
                return;
            }
            initReceived = true;
            String authorization = payload instanceof Map<?, ?> fields ? authorization(fields) : null;
            if (authorization == null) {
                authorization = upgradeAuthorization;
            }
            if (callers.insecure()) {
                signedIn(Optional.empty(), authorization);
                return;
            }
            if (authorization == null) {
                // A GraphiQL session's cookie would sign in a socket that a page of any site can open: never.
                close(4403, refusal(Unauthenticated.NO_TOKEN));
                return;
            }
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                close(4403, refusal(Unauthenticated.INVALID_TOKEN));
                return;
            }
            String bearer = authorization;
            tokens.get().authenticate(new AccessTokenCredential(bearer.substring(7).trim())).subscribe().with(
                    identity -> signedIn(Optional.of(identity), bearer),
                    failure -> close(4403, refusal(Unauthenticated.of(failure))));
        }

        /** The Authorization of the payload, however the client spelt its name. */
        private String authorization(Map<?, ?> payload) {
            for (Map.Entry<?, ?> field : payload.entrySet()) {
                if ("authorization".equalsIgnoreCase(String.valueOf(field.getKey()))
                        && field.getValue() instanceof String value) {
                    return value;
                }
            }
            return null;
        }

        private void signedIn(Optional<SecurityIdentity> identity, String authorization) {
            if (!callers.holdsARequiredRole(identity)) {
                close(4403, "Forbidden: no role of the realm that reads anything here");
                return;
            }
            caller = callers.caller(identity);
            user = identity.map(SecurityIdentity::getPrincipal).map(java.security.Principal::getName).orElse(null);
            Map<String, String> sent = new LinkedHashMap<>(forwarded);
            if (authorization != null) {
                sent.put("authorization", authorization);
            }
            headers = Map.copyOf(sent);
            identity.map(SecurityIdentity::getPrincipal).filter(JsonWebToken.class::isInstance)
                    .map(principal -> ((JsonWebToken) principal).getExpirationTime())
                    .filter(expiry -> expiry > 0)
                    .ifPresent(expiry -> expiryTimer = vertx.setTimer(
                            Math.max(1, expiry * 1000 - System.currentTimeMillis()), id -> expired()));
            acknowledged = true;
            vertx.cancelTimer(initTimer);
            send(Map.of("type", "connection_ack"));
        }

        /** The token expired: every operation ends with UNAUTHENTICATED, and the socket closes. */
        private void expired() {
            Map<String, Object> error = Refusal.graphqlError(Unauthenticated.EXPIRED_TOKEN.message(),
                    "UNAUTHENTICATED", null);
            new ArrayList<>(running.keySet()).forEach(id -> {
                Gateway.Cancellation cancellation = finish(id);
                if (cancellation != null) {
                    cancellation.cancel();
                    send(Map.of("id", id, "type", "error", "payload", List.of(error)));
                }
            });
            close(4403, refusal(Unauthenticated.EXPIRED_TOKEN));
        }

        private void subscribe(Map<String, Object> message) {
            if (!acknowledged) {
                close(4401, "Unauthorized");
                return;
            }
            if (!(message.get("id") instanceof String id) || id.isEmpty()
                    || !(message.get("payload") instanceof Map<?, ?> payload)) {
                close(4400, "Invalid message received");
                return;
            }
            if (running.containsKey(id)) {
                close(4409, "Subscriber for " + (id.length() > 64 ? id.substring(0, 64) : id) + " already exists");
                return;
            }
            if (running.size() >= maxPerConnection) {
                send(Map.of("id", id, "type", "error", "payload", List.of(Refusal.graphqlError("this connection "
                        + "runs " + maxPerConnection + " operations already, as many as one may", "SUBSCRIPTION_LIMIT",
                        null))));
                return;
            }
            Map<String, Object> variables = payload.get("variables") instanceof Map<?, ?> given ? cast(given) : Map.of();
            String operationName = payload.get("operationName") instanceof String name ? name : null;
            PersistedOperations.Resolved resolved = persisted.resolve(
                    payload.get("query") instanceof String query ? query : null, payload.get("extensions"));
            if (resolved.refused()) {
                send(Map.of("id", id, "type", "error", "payload",
                        List.of(Refusal.graphqlError(resolved.message(), resolved.code(), null))));
                return;
            }
            Optional<Gateway> gateway = holder.gateway();
            if (gateway.isEmpty()) {
                send(Map.of("id", id, "type", "error", "payload", List.of(Refusal.graphqlError(
                        "the gateway has no supergraph yet: " + holder.problem(), "GATEWAY_NOT_READY", null))));
                return;
            }
            Placeholder placeholder = new Placeholder();
            if (!quotas.startOperation(user)) {
                send(Map.of("id", id, "type", "error", "payload", List.of(Refusal.graphqlError("you run "
                        + quotas.operationsPerUser() + " operations already, as many as one user may at once",
                        "SUBSCRIPTION_LIMIT", null))));
                return;
            }
            running.put(id, placeholder);
            GraphQLRequest request = new GraphQLRequest(resolved.query(), operationName, variables, true);
            // Preparing an operation (parsing, validating, planning) is work for a worker, never the event loop.
            preparers.execute(() -> {
                Gateway.Cancellation cancellation = gateway.get().stream(request, headers, caller, trace,
                        new Gateway.Stream() {
                            @Override
                            public void next(Map<String, Object> response) {
                                if (running.get(id) == null) {
                                    return;
                                }
                                if (socket.writeQueueFull()) {
                                    // A client that does not read is not sent ever more: its operation ends.
                                    Gateway.Cancellation slow = finish(id);
                                    if (slow != null) {
                                        slow.cancel();
                                    }
                                    send(Map.of("id", id, "type", "error", "payload", List.of(Refusal.graphqlError(
                                            "the subscription ended: the client did not read its events as fast "
                                                    + "as they came", "SUBSCRIPTION_BACKLOG_EXCEEDED", null))));
                                    return;
                                }
                                send(Map.of("id", id, "type", "next", "payload", response));
                            }

                            @Override
                            public void ended(List<Map<String, Object>> errors) {
                                if (finish(id) == null) {
                                    return;
                                }
                                send(errors.isEmpty() ? Map.of("id", id, "type", "complete")
                                        : Map.of("id", id, "type", "error", "payload", errors));
                            }
                        });
                if (!placeholder.settle(cancellation)) {
                    cancellation.cancel();
                }
            });
        }

        private void ended() {
            connections.remove(this);
            vertx.cancelTimer(initTimer);
            vertx.cancelTimer(pingTimer);
            if (expiryTimer >= 0) {
                vertx.cancelTimer(expiryTimer);
            }
            new ArrayList<>(running.keySet()).forEach(id -> {
                Gateway.Cancellation cancellation = finish(id);
                if (cancellation != null) {
                    cancellation.cancel();
                }
            });
            quotas.closeConnection(address);
        }

        /** Takes the operation out of those running, giving its place back; null when it was not running. */
        private Gateway.Cancellation finish(String id) {
            Gateway.Cancellation cancellation = running.remove(id);
            if (cancellation != null) {
                quotas.endOperation(user);
            }
            return cancellation;
        }

        private void send(Map<String, Object> message) {
            if (socket.isClosed()) {
                return;
            }
            try {
                socket.writeTextMessage(json.writeValueAsString(message));
            } catch (Exception e) {
                LOG.warn("a message could not be written to a WebSocket client", e);
            }
        }

        private void close(int code, String reason) {
            if (!socket.isClosed()) {
                socket.close((short) code, reason);
            }
        }
    }

    /** The close reason of a refused sign-in (at most 123 bytes, as a close frame allows): why, in a few words. */
    static String refusal(Unauthenticated reason) {
        return switch (reason) {
            case NO_TOKEN -> "Forbidden: no access token in connection_init";
            case INVALID_TOKEN -> "Forbidden: the access token is not valid for this API";
            case EXPIRED_TOKEN -> "Forbidden: the access token expired";
        };
    }

    /**
     * Stands for an operation whose stream is still being started: cancelled before it has started, the stream is
     * cancelled as soon as it is.
     */
    private static final class Placeholder implements Gateway.Cancellation {
        private Gateway.Cancellation started;
        private boolean cancelled;

        /** Hands over the started stream; false when it was cancelled meanwhile (then the caller cancels it). */
        synchronized boolean settle(Gateway.Cancellation stream) {
            started = stream;
            return !cancelled;
        }

        @Override
        public void cancel() {
            Gateway.Cancellation stream;
            synchronized (this) {
                cancelled = true;
                stream = started;
            }
            if (stream != null) {
                stream.cancel();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
