package org.throughline.kpi.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps GraphQL requests small although this service accepts large bodies. The body limit is raised for bulk
 * measurement batches, which stream; SmallRye GraphQL instead reads a request whole before parsing it. So a GraphQL
 * POST must say its length (411 without) and stay within {@link #MAX_BYTES} (413 beyond), checked before a byte of
 * the body is read.
 */
@ApplicationScoped
public class GraphQLRequestLimit {

    static final long MAX_BYTES = 2L * 1024 * 1024;

    void install(@Observes Router router) {
        router.route("/graphql").order(-1000).handler(GraphQLRequestLimit::check);
    }

    private static void check(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST) {
            context.next();
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            refuse(context, 411, "length-required", "A GraphQL request must declare its Content-Length.");
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(context, 400, "bad-content-length", "The Content-Length is not a number.");
            return;
        }
        if (bytes > MAX_BYTES) {
            refuse(context, 413, "request-too-large", "A GraphQL request may have at most " + MAX_BYTES
                    + " bytes; this one has " + bytes + ".");
            return;
        }
        context.next();
    }

    private static void refuse(RoutingContext context, int status, String code, String detail) {
        String body = "{\"type\":\"https://throughline.dev/problems/" + code + "\",\"title\":\"" + detail
                + "\",\"status\":" + status + "}";
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }
}
