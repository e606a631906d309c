package org.throughline.gateway.execution;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.throughline.gateway.supergraph.Subgraph;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@link SubgraphTransport} over Vert.x's non-blocking web client, with pooled keep-alive connections per subgraph
 * and a timeout per subgraph. Accepts {@code application/json}, {@code application/graphql-response+json} and the
 * older {@code application/graphql+json}.
 */
public final class VertxSubgraphTransport implements SubgraphTransport {

    private static final String ACCEPT = "application/graphql-response+json, application/json;q=0.9";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final WebClient client;
    private final ObjectMapper json;
    private final Function<Subgraph, Duration> timeouts;

    public VertxSubgraphTransport(Vertx vertx, ObjectMapper json, Function<Subgraph, Duration> timeouts) {
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                .setUserAgent("throughline-gateway"));
        this.json = json;
        this.timeouts = timeouts;
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
        HttpRequest<Buffer> request = client.postAbs(subgraph.url())
                .timeout(timeout.toMillis())
                .putHeader(HttpHeaderNames.CONTENT_TYPE.toString(), "application/json")
                .putHeader(HttpHeaderNames.ACCEPT.toString(), ACCEPT);
        headers.forEach(request::putHeader);
        CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
        request.sendBuffer(payload).onComplete(outcome -> {
            if (outcome.failed()) {
                Throwable cause = outcome.cause();
                result.completeExceptionally(cause instanceof TimeoutException
                        || String.valueOf(cause.getMessage()).contains("timeout")
                        ? new SubgraphException("SUBREQUEST_TIMEOUT", "subgraph " + subgraph.name()
                        + " did not answer within " + timeout.toMillis() + " ms")
                        : new SubgraphException("SUBREQUEST_HTTP_ERROR", "subgraph " + subgraph.name()
                        + " could not be reached: " + cause.getMessage()));
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
            body = json.readValue(response.body() == null ? new byte[0] : response.body().getBytes(), JSON_OBJECT);
        } catch (IOException e) {
            throw new SubgraphException("SUBREQUEST_MALFORMED_RESPONSE", "subgraph " + subgraph.name()
                    + " sent a response that is not JSON: " + e.getMessage());
        }
        if (body == null || (!body.containsKey("data") && !body.containsKey("errors"))) {
            throw new SubgraphException("SUBREQUEST_MALFORMED_RESPONSE", "subgraph " + subgraph.name()
                    + " answered HTTP " + response.statusCode() + " without data or errors");
        }
        return body;
    }

    public void close() {
        client.close();
    }
}
