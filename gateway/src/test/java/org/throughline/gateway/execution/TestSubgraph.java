package org.throughline.gateway.execution;

import com.apollographql.federation.graphqljava.Federation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import org.throughline.gateway.supergraph.SupergraphComposer.SubgraphSchema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real Federation v2 subgraph for gateway tests: graphql-java with Apollo's subgraph support, served over HTTP
 * on a free port by Vert.x. It records every request it receives and can be told to answer slowly or to fail. Its
 * subscriptions are served at the same URL over GraphQL over WebSocket ({@code graphql-transport-ws}).
 */
final class TestSubgraph implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINK = """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@interfaceObject", "@override", "@inaccessible", "@authenticated", "@requiresScopes", "@policy"])
            """;

    private final String name;
    private final String sdl;
    private final HttpServer server;
    private final List<Map<String, Object>> requests = new ArrayList<>();
    /** The W3C traceparent header of each request, in the same order (empty when it had none). */
    private final List<String> traceparents = new ArrayList<>();
    /**
     * Every query the subgraph received that its own schema rejects, with why: the gateway must never send one, so
     * {@link FederatedSubgraphs} fails the test that caused it.
     */
    private final List<String> invalidQueries = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile Duration delay = Duration.ZERO;
    volatile int failWithStatus;
    volatile String contentType = "application/json";
    /** When set, the body of every answer, as it is (status 200, {@link #contentType}): a subgraph that misbehaves. */
    volatile String rawAnswer;
    /** When set, what the subgraph answers to {@code _service { sdl }}: a schema change without a restart. */
    volatile String sdlOverride;
    /** When set, the subgraph holds every answer until this completes. */
    volatile CompletionStage<?> holdAnswersUntil;
    /** The sockets of subscriptions open now. */
    private final List<io.vertx.core.http.ServerWebSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The Authorization header of each subscription's upgrade request, and of its connection_init payload. */
    final List<String> subscriptionAuthorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The subscription operations received, oldest first. */
    final List<String> subscriptionQueries = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Completes when a request arrives (after {@link #forgetRequests()}, the next one). */
    private volatile CompletableFuture<Void> requested = new CompletableFuture<>();

    private TestSubgraph(String name, String sdl, HttpServer server) {
        this.name = name;
        this.sdl = sdl;
        this.server = server;
    }

    /**
     * Starts a subgraph from its SDL (without the federation link, which is added), its field wiring, and how it
     * resolves {@code _entities} representations (each to a map with {@code __typename}, or null).
     */
    static TestSubgraph start(Vertx vertx, String name, String sdl, RuntimeWiring wiring,
                              Function<Map<String, Object>, Object> entities) throws Exception {
        String fullSdl = LINK + sdl;
        GraphQLSchema schema = Federation.transform(new SchemaParser().parse(fullSdl), wiring)
                .fetchEntities(env -> env.<List<Map<String, Object>>>getArgument("representations").stream()
                        .map(entities).toList())
                .resolveEntityType(env -> env.getSchema().getObjectType(
                        (String) ((Map<?, ?>) env.getObject()).get("__typename")))
                .build();
        GraphQL graphql = GraphQL.newGraphQL(schema).build();
        HttpServer server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                .setWebSocketSubProtocols(List.of("graphql-transport-ws")));
        TestSubgraph subgraph = new TestSubgraph(name, fullSdl, server);
        server.requestHandler(request -> {
            // Upgraded here rather than by a WebSocket handler of the server, which a Quarkus test running in the
            // same JVM leaves unused.
            if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                request.toWebSocket().onSuccess(socket -> subgraph.serveSubscriptions(graphql, socket));
                return;
            }
            answer(subgraph, graphql, vertx, request);
        });
        server.listen(0, "localhost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return subgraph;
    }

    private static void answer(TestSubgraph subgraph, GraphQL graphql, Vertx vertx,
                               io.vertx.core.http.HttpServerRequest request) {
        request.body().onSuccess(body -> {
            try {
                Map<String, Object> payload = JSON.readValue(body.getBytes(), new TypeReference<>() {
                });
                synchronized (subgraph.requests) {
                    subgraph.requests.add(payload);
                    subgraph.traceparents.add(String.valueOf(request.getHeader("traceparent") == null ? ""
                            : request.getHeader("traceparent")));
                }
                subgraph.requested.complete(null);
                Runnable answer = () -> {
                    String override = subgraph.sdlOverride;
                    if (override != null && String.valueOf(payload.get("query")).contains("_service")) {
                        request.response().putHeader("content-type", "application/json").end(Buffer.buffer(
                                JSON.createObjectNode().set("data", JSON.createObjectNode().set("_service",
                                        JSON.createObjectNode().put("sdl", override))).toString()));
                        return;
                    }
                    if (subgraph.rawAnswer != null) {
                        request.response().putHeader("content-type", subgraph.contentType).end(subgraph.rawAnswer);
                        return;
                    }
                    if (subgraph.failWithStatus != 0) {
                        request.response().setStatusCode(subgraph.failWithStatus)
                                .putHeader("content-type", "text/plain").end("subgraph down");
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> variables = payload.get("variables") == null ? Map.of()
                            : (Map<String, Object>) payload.get("variables");
                    ExecutionResult executed = graphql.execute(ExecutionInput.newExecutionInput()
                            .query((String) payload.get("query")).variables(variables).build());
                    executed.getErrors().stream()
                            .filter(error -> error.getErrorType() == ErrorType.ValidationError
                                    || error.getErrorType() == ErrorType.InvalidSyntax)
                            .forEach(error -> subgraph.invalidQueries.add(payload.get("query") + "\n  -> "
                                    + error.getMessage()));
                    Map<String, Object> result = executed.toSpecification();
                    try {
                        request.response().putHeader("content-type", subgraph.contentType)
                                .end(Buffer.buffer(JSON.writeValueAsBytes(result)));
                    } catch (Exception e) {
                        request.response().setStatusCode(500).end();
                    }
                };
                CompletionStage<?> hold = subgraph.holdAnswersUntil;
                if (hold != null) {
                    io.vertx.core.Context context = vertx.getOrCreateContext();
                    hold.whenComplete((ignored, failure) -> context.runOnContext(v -> answer.run()));
                } else if (subgraph.delay.isZero()) {
                    answer.run();
                } else {
                    vertx.setTimer(subgraph.delay.toMillis(), id -> answer.run());
                }
            } catch (Exception e) {
                request.response().setStatusCode(400).end();
            }
        });
    }

    /**
     * The graphql-transport-ws protocol, as graphql-ws serves it: connection_ack for connection_init, then each
     * subscribe executed by graphql-java, its events sent as next, its end as complete (or error).
     */
    private void serveSubscriptions(GraphQL graphql, io.vertx.core.http.ServerWebSocket socket) {
        sockets.add(socket);
        subscriptionAuthorizations.add("upgrade " + socket.headers().get("Authorization"));
        Map<String, org.reactivestreams.Subscription> running = new java.util.concurrent.ConcurrentHashMap<>();
        socket.closeHandler(closed -> {
            sockets.remove(socket);
            running.values().forEach(org.reactivestreams.Subscription::cancel);
        });
        socket.textMessageHandler(text -> {
            Map<String, Object> message;
            try {
                message = JSON.readValue(text, new TypeReference<>() {
                });
            } catch (Exception e) {
                socket.close((short) 4400, "not JSON");
                return;
            }
            String id = (String) message.get("id");
            switch (String.valueOf(message.get("type"))) {
                case "connection_init" -> {
                    Object payload = message.get("payload");
                    subscriptionAuthorizations.add("init " + (payload instanceof Map<?, ?> map
                            ? map.get("Authorization") : null));
                    send(socket, Map.of("type", "connection_ack"));
                }
                case "ping" -> send(socket, Map.of("type", "pong"));
                case "complete" -> {
                    org.reactivestreams.Subscription subscription = running.remove(id);
                    if (subscription != null) {
                        subscription.cancel();
                    }
                }
                case "subscribe" -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> payload = (Map<String, Object>) message.get("payload");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> variables = payload.get("variables") == null ? Map.of()
                            : (Map<String, Object>) payload.get("variables");
                    subscriptionQueries.add((String) payload.get("query"));
                    ExecutionResult executed = graphql.execute(ExecutionInput.newExecutionInput()
                            .query((String) payload.get("query")).variables(variables).build());
                    executed.getErrors().stream()
                            .filter(error -> error.getErrorType() == ErrorType.ValidationError
                                    || error.getErrorType() == ErrorType.InvalidSyntax)
                            .forEach(error -> invalidQueries.add(payload.get("query") + "\n  -> "
                                    + error.getMessage()));
                    if (!(executed.getData() instanceof org.reactivestreams.Publisher<?> events)) {
                        send(socket, Map.of("id", id, "type", "error",
                                "payload", executed.toSpecification().getOrDefault("errors", List.of())));
                        return;
                    }
                    events.subscribe(new org.reactivestreams.Subscriber<Object>() {
                        @Override
                        public void onSubscribe(org.reactivestreams.Subscription subscription) {
                            running.put(id, subscription);
                            subscription.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(Object event) {
                            send(socket, Map.of("id", id, "type", "next",
                                    "payload", ((ExecutionResult) event).toSpecification()));
                        }

                        @Override
                        public void onError(Throwable failure) {
                            running.remove(id);
                            send(socket, Map.of("id", id, "type", "error", "payload",
                                    List.of(Map.of("message", String.valueOf(failure.getMessage())))));
                        }

                        @Override
                        public void onComplete() {
                            running.remove(id);
                            send(socket, Map.of("id", id, "type", "complete"));
                        }
                    });
                }
                default -> socket.close((short) 4400, "unknown message");
            }
        });
    }

    private static void send(io.vertx.core.http.ServerWebSocket socket, Map<String, Object> message) {
        try {
            if (!socket.isClosed()) {
                socket.writeTextMessage(JSON.writeValueAsString(message));
            }
        } catch (Exception e) {
            socket.close((short) 4500, "could not write");
        }
    }

    /** Closes every subscription's socket, as a subgraph that goes away does. */
    void closeSubscriptionSockets() {
        sockets.forEach(socket -> socket.close((short) 1001, "going away"));
    }

    int openSubscriptionSockets() {
        return sockets.size();
    }

    String url() {
        return "http://localhost:" + server.actualPort() + "/graphql";
    }

    SubgraphSchema schema() {
        return new SubgraphSchema(name, url(), sdl);
    }

    /** The requests received so far, oldest first. */
    List<Map<String, Object>> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The queries this subgraph's schema rejected since it was last asked, with the reasons; forgets them. */
    List<String> takeInvalidQueries() {
        List<String> taken = List.copyOf(invalidQueries);
        invalidQueries.removeAll(taken);
        return taken;
    }

    /** The traceparent header of each request received so far, oldest first. */
    List<String> traceparents() {
        synchronized (requests) {
            return List.copyOf(traceparents);
        }
    }

    void forgetRequests() {
        synchronized (requests) {
            requests.clear();
            traceparents.clear();
        }
        requested = new CompletableFuture<>();
    }

    /** Forgets the requests received after the first {@code kept}. */
    void forgetRequestsAfter(int kept) {
        synchronized (requests) {
            requests.subList(Math.min(kept, requests.size()), requests.size()).clear();
            traceparents.subList(Math.min(kept, traceparents.size()), traceparents.size()).clear();
        }
    }

    /** Completes when the subgraph receives its next request. */
    CompletionStage<Void> requested() {
        return requested;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
