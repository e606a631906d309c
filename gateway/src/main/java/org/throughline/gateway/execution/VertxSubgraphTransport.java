package org.throughline.gateway.execution;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.jboss.logging.Logger;
import org.throughline.gateway.supergraph.Subgraph;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@link SubgraphTransport} over Vert.x's non-blocking web client, with pooled keep-alive connections (up to 64 per
 * subgraph and event loop) and a timeout per subgraph. Accepts {@code application/json},
 * {@code application/graphql-response+json} and the older {@code application/graphql+json}.
 */
public final class VertxSubgraphTransport implements SubgraphTransport {

    private static final String ACCEPT = "application/graphql-response+json, application/json;q=0.9";
    /** The largest subgraph response read when nothing else is configured: 16 MiB. */
    public static final long DEFAULT_RESPONSE_BOUND = 16L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(VertxSubgraphTransport.class);

    private final Vertx vertx;
    private final WebClientOptions options;
    /** For fetches sent off Vert.x's event loops (tests, worker threads). */
    private final WebClient client;
    /** One client for each event loop, used only from its thread: see {@link #client()}. */
    private final Map<Thread, WebClient> clientsByEventLoop = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final ObjectMapper json;
    private final Function<Subgraph, Duration> timeouts;
    private final Function<Subgraph, Long> responseBounds;
    private final GraphQLWsClient subscriptions;

    public VertxSubgraphTransport(Vertx vertx, ObjectMapper json, Function<Subgraph, Duration> timeouts) {
        this(vertx, json, timeouts, subgraph -> DEFAULT_RESPONSE_BOUND);
    }

    /** {@code responseBounds}: the largest response, in bytes, read from each subgraph. */
    public VertxSubgraphTransport(Vertx vertx, ObjectMapper json, Function<Subgraph, Duration> timeouts,
                                  Function<Subgraph, Long> responseBounds) {
        // The executor traces each fetch itself, as a span of the plan that carries the subgraph's name; the HTTP
        // client's own span would only repeat it.
        this.vertx = vertx;
        this.options = new WebClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                .setUserAgent("throughline-gateway").setTracingPolicy(TracingPolicy.IGNORE);
        this.client = WebClient.create(vertx, options);
        this.subscriptions = new GraphQLWsClient(vertx, json, timeouts);
        this.json = json;
        this.timeouts = timeouts;
        this.responseBounds = responseBounds;
    }

    @Override
    public CompletionStage<Map<String, Object>> send(Subgraph subgraph, String operation, Map<String, Object> variables,
                                                     Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", operation);
        if (!variables.isEmpty()) {
            body.put("variables", variables);
        }
        Buffer payload;
        try {
            payload = Buffer.buffer(json.writeValueAsBytes(body));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new SubgraphException("SUBREQUEST_HTTP_ERROR",
                    "could not encode the request to " + subgraph.name() + ": " + e.getMessage()));
        }
        Duration timeout = timeouts.apply(subgraph);
        HttpRequest<Buffer> request = client().postAbs(subgraph.url())
                .timeout(timeout.toMillis())
                .putHeader(HttpHeaderNames.CONTENT_TYPE.toString(), "application/json")
                .putHeader(HttpHeaderNames.ACCEPT.toString(), ACCEPT)
                .as(new BoundedBodyCodec(responseBounds.apply(subgraph)));
        headers.forEach(request::putHeader);
        CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
        request.sendBuffer(payload).onComplete(outcome -> {
            if (outcome.failed()) {
                result.completeExceptionally(failure(subgraph, timeout, outcome.cause()));
                return;
            }
            try {
                result.complete(parse(subgraph, outcome.result()));
            } catch (SubgraphException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Subscribes over graphql-ws ({@link GraphQLWsClient}), with the subgraph's timeout for connecting. */
    @Override
    public SubgraphSubscription subscribe(Subgraph subgraph, String operation, Map<String, Object> variables,
                                          Map<String, String> headers, SubgraphEvents events) {
        return subscriptions.subscribe(subgraph, operation, variables, headers, events);
    }

    /**
     * What went wrong, by the failure's type, in words that name the subgraph but not where it runs: hosts, ports
     * and the transport's own message go to the log only.
     */
    static SubgraphException failure(Subgraph subgraph, Duration timeout, Throwable cause) {
        String name = subgraph.name();
        if (cause instanceof BoundedBodyCodec.TooLarge tooLarge) {
            return new SubgraphException("SUBREQUEST_RESPONSE_TOO_LARGE", "subgraph " + name + " answered with "
                    + "more than the gateway reads: " + tooLarge.getMessage());
        }
        LOG.warnf("Subgraph %s at %s failed: %s", name, subgraph.url(), cause.toString());
        if (cause instanceof ConnectTimeoutException || cause instanceof ConnectException
                || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
            return new SubgraphException("SUBREQUEST_HTTP_ERROR", "subgraph " + name + " could not be reached");
        }
        if (cause instanceof TimeoutException) {
            return new SubgraphException("SUBREQUEST_TIMEOUT", "subgraph " + name + " did not answer within "
                    + timeout.toMillis() + " ms");
        }
        if (cause instanceof HttpClosedException || cause instanceof StreamResetException
                || cause instanceof IOException) {
            return new SubgraphException("SUBREQUEST_HTTP_ERROR", "subgraph " + name + " closed the connection "
                    + "before it answered");
        }
        return new SubgraphException("SUBREQUEST_HTTP_ERROR", "the request to subgraph " + name + " failed");
    }

    private Map<String, Object> parse(Subgraph subgraph, HttpResponse<Buffer> response) {
        String contentType = String.valueOf(response.getHeader(HttpHeaderNames.CONTENT_TYPE.toString()))
                .toLowerCase(Locale.ROOT);
        boolean graphqlBody = contentType.startsWith("application/json")
                || contentType.startsWith("application/graphql-response+json")
                || contentType.startsWith("application/graphql+json");
        if (!graphqlBody) {
            throw new SubgraphException("SUBREQUEST_HTTP_ERROR", "subgraph " + subgraph.name() + " answered HTTP "
                    + response.statusCode() + " with content type " + contentType + ", not a GraphQL response");
        }
        Map<String, Object> body;
        try {
            body = read(response.body());
        } catch (IOException e) {
            throw new SubgraphException("SUBREQUEST_MALFORMED_RESPONSE", "subgraph " + subgraph.name()
                    + " sent a response that is not JSON");
        }
        if (body == null || (!body.containsKey("data") && !body.containsKey("errors"))) {
            throw new SubgraphException("SUBREQUEST_MALFORMED_RESPONSE", "subgraph " + subgraph.name()
                    + " answered HTTP " + response.statusCode() + " without data or errors");
        }
        return body;
    }

    /**
     * The response body as the executor merges it, read in place from the bytes received ({@link CompactMap}s for
     * objects); null for a JSON null. Anything after the object makes the body malformed, as JSON has it. A body that
     * came in one chunk is parsed from its array, one of several chunks through a stream over them.
     */
    private Map<String, Object> read(Buffer body) throws IOException {
        ByteBuf bytes = body == null ? null : body.getByteBuf();
        try (JsonParser parser = bytes == null ? json.getFactory().createParser(new byte[0])
                : bytes.hasArray() ? json.getFactory().createParser(bytes.array(),
                bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes())
                : json.getFactory().createParser((InputStream) new ByteBufInputStream(bytes))) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) CompactMap.read(parser);
            if (parser.nextToken() != null) {
                throw new IOException("more after the JSON object");
            }
            return object;
        }
    }

    /**
     * The client for the calling thread. A connection of Vert.x's pool belongs to the event loop that opened it, and
     * the pool hands any free connection to any caller: a fetch sent from one event loop over another's connection
     * has its answer read there and handed back across threads, a wake-up of the other loop for every fetch. With a
     * client (and so a pool) for each event loop, every fetch is sent, read and merged on the one thread.
     */
    private WebClient client() {
        if (closed || !Context.isOnEventLoopThread()) {
            return client;
        }
        return clientsByEventLoop.computeIfAbsent(Thread.currentThread(), loop -> WebClient.create(vertx, options));
    }

    public void close() {
        closed = true;
        client.close();
        subscriptions.close();
        clientsByEventLoop.values().forEach(WebClient::close);
    }
}
