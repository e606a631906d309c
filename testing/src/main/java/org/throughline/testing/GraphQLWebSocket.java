package org.throughline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A GraphQL over WebSocket client speaking the {@code graphql-transport-ws} protocol, as graphql-ws and Apollo Client
 * do: connection_init (with a payload, say a token), then subscribe; each message the server sends is queued for
 * the test to take in order, waiting up to a deadline. The close code and reason are kept.
 */
public final class GraphQLWebSocket implements AutoCloseable {

    public static final String PROTOCOL = "graphql-transport-ws";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> messages;
    private final CompletableFuture<String> closed;
    private final java.util.concurrent.atomic.AtomicInteger pings;

    private GraphQLWebSocket(WebSocket socket, BlockingQueue<JsonNode> messages, CompletableFuture<String> closed,
                             java.util.concurrent.atomic.AtomicInteger pings) {
        this.socket = socket;
        this.messages = messages;
        this.closed = closed;
        this.pings = pings;
    }

    /** Opens the socket with the headers of the upgrade request given (Authorization, say). */
    public static GraphQLWebSocket open(URI uri, Map<String, String> headers) {
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(PROTOCOL)
                .connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        messages.add(JSON.readTree(text.toString()));
                    } catch (Exception e) {
                        messages.add(JSON.createObjectNode().put("type", "unreadable").put("text", text.toString()));
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
                // The client answers with a pong by itself, as browsers do.
                pings.incrementAndGet();
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete("error " + error);
            }
        }).join();
        return new GraphQLWebSocket(socket, messages, closed, pings);
    }

    /** Sends connection_init with the payload given and waits for connection_ack. */
    public GraphQLWebSocket init(Map<String, Object> payload, Duration within) {
        send(Map.of("type", "connection_init", "payload", payload));
        JsonNode ack = next(within);
        if (!"connection_ack".equals(ack.path("type").asText())) {
            throw new AssertionError("expected connection_ack, got " + ack);
        }
        return this;
    }

    /** Starts an operation under the id given. */
    public void subscribe(String id, String query, Map<String, Object> variables) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("query", query);
        payload.put("variables", variables);
        send(Map.of("id", id, "type", "subscribe", "payload", payload));
    }

    /** Ends an operation the client started. */
    public void complete(String id) {
        send(Map.of("id", id, "type", "complete"));
    }

    /** The next message from the server, skipping pings and pongs; fails the test if none came in time. */
    public JsonNode next(Duration within) {
        return poll(within).orElseThrow(() -> new AssertionError("no message within " + within
                + (closed.isDone() ? "; the socket closed: " + closed.join() : "")));
    }

    /**
     * The next message from the server, skipping pings and pongs, if one comes in time; none at once when the
     * socket has closed and every message it received has been taken.
     */
    public Optional<JsonNode> poll(Duration within) {
        long until = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                long left = until - System.nanoTime();
                JsonNode message = messages.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50))),
                        TimeUnit.NANOSECONDS);
                if (message == null) {
                    if (left <= 0 || (closed.isDone() && messages.isEmpty())) {
                        return Optional.empty();
                    }
                    continue;
                }
                String type = message.path("type").asText();
                if (type.equals("ping")) {
                    send(Map.of("type", "pong"));
                } else if (!type.equals("pong")) {
                    return Optional.of(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Once the subscription has started: the protocol does not say when the server has, so the action (which must
     * cause an event the subscription receives) is repeated, a few seconds apart, until a message comes; that first
     * message is returned. What follows is sure to be seen.
     */
    public JsonNode awaitStarted(Runnable action, Duration within) {
        long until = System.nanoTime() + within.toNanos();
        while (true) {
            action.run();
            Optional<JsonNode> message = poll(Duration.ofSeconds(2));
            if (message.isPresent()) {
                return message.get();
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("the subscription received nothing within " + within
                        + (closed.isDone() ? "; the socket closed: " + closed.join() : ""));
            }
        }
    }

    /** How many WebSocket ping frames the server has sent (each answered with a pong by the client itself). */
    public int pings() {
        return pings.get();
    }

    /** The close code and reason once the server closed the socket, waiting up to the time given. */
    public Optional<String> closedWithin(Duration within) {
        try {
            return Optional.of(closed.get(within.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private void send(Map<String, Object> message) {
        try {
            socket.sendText(JSON.writeValueAsString(message), true).join();
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + message, e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        socket.abort();
    }
}
