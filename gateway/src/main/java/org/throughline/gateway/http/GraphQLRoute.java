package org.throughline.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.opentelemetry.context.Context;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.throughline.edge.Refusal;
import org.throughline.edge.RequestBody;
import org.throughline.gateway.GatewayConfig;
import org.throughline.gateway.SupergraphHolder;
import org.throughline.gateway.execution.Caller;
import org.throughline.gateway.execution.Deadline;
import org.throughline.gateway.execution.Gateway;
import org.throughline.gateway.execution.GraphQLRequest;
import org.throughline.gateway.execution.PreparationWorkers;
import org.throughline.gateway.security.Callers;
import org.throughline.gateway.security.ResourceMetadata;
import org.throughline.gateway.security.Unauthenticated;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The gateway's HTTP edge: {@code POST /graphql} (and {@code GET} with query parameters) per GraphQL over HTTP,
 * forwarding the caller's authorization and trace headers to subgraphs; a GET that upgrades to a WebSocket is
 * GraphQL over WebSocket ({@link GraphQLOverWebSocket}), a request accepting {@code text/event-stream} or Apollo's
 * multipart subscriptions is answered as a stream ({@link GraphQLStreamsOverHttp}). Browsers asking for HTML are sent to
 * GraphiQL.
 */
@ApplicationScoped
public class GraphQLRoute {

    private static final Logger LOG = Logger.getLogger(GraphQLRoute.class);
    private static final List<String> FORWARDED = List.of("traceparent", "tracestate", "x-request-id");

    static final String QUERY_PLAN_HEADER = "X-Throughline-Query-Plan";

    private final SupergraphHolder holder;
    private final boolean exposeQueryPlans;
    private final boolean exposeSupergraph;
    private final Callers callers;
    private final boolean graphiql;
    private final long maxRequestSize;
    private final GatewayConfig.Csrf csrf;
    private final PersistedOperations persisted;
    private final ResponseWriter writer;
    private final OperationAdmission admission;
    private final Duration requestTimeout;
    private final PreparationWorkers preparers;
    private final ResourceMetadata resourceMetadata;
    private final GraphQLOverWebSocket webSockets;
    private final GraphQLStreamsOverHttp streams;

    public GraphQLRoute(SupergraphHolder holder, ObjectMapper json, GatewayConfig config, Callers callers,
                        PersistedOperations persisted, PreparationWorkers preparers,
                        ResourceMetadata resourceMetadata, GraphQLOverWebSocket webSockets, io.vertx.core.Vertx vertx,
                        StreamQuotas quotas) {
        this.webSockets = webSockets;
        this.streams = new GraphQLStreamsOverHttp(json, vertx, preparers, quotas);
        this.persisted = persisted;
        this.resourceMetadata = resourceMetadata;
        this.writer = new ResponseWriter(json);
        this.holder = holder;
        this.callers = callers;
        this.preparers = preparers;
        this.requestTimeout = config.resolvedRequestTimeout();
        this.exposeQueryPlans = config.exposeQueryPlans();
        this.exposeSupergraph = config.exposeSupergraph();
        this.graphiql = config.graphiql();
        this.maxRequestSize = config.maxRequestSize().asLongValue();
        this.csrf = config.csrf();
        this.admission = new OperationAdmission(config.maxOperationsInFlight(), config.maxOperationsQueued());
    }

    void register(@Observes Router router) {
        // Every path: a refused token fails the request before any route of the gateway runs.
        router.route().failureHandler(this::unauthenticated);
        if (!graphiql) {
            // Before the static files and the sign-in: with GraphiQL off, its pages do not exist.
            router.route("/graphql-ui*").order(Integer.MIN_VALUE).handler(context -> context.response()
                    .setStatusCode(404).end());
            router.route("/graphiql").order(Integer.MIN_VALUE).handler(context -> context.response()
                    .setStatusCode(404).end());
        }
        router.post("/graphql").handler(BodyHandler.create().setBodyLimit(maxRequestSize)).handler(this::post)
                .failureHandler(this::failed);
        router.get("/graphql").handler(this::get);
        router.get("/graphiql").handler(context -> context.redirect("/graphql-ui/"));
        // Vert.x matches /graphql-ui/ here too: only the path without the slash is sent on to the one with it.
        router.get("/graphql-ui").handler(context -> {
            if (context.request().path().endsWith("/")) {
                context.next();
            } else {
                context.redirect("/graphql-ui/");
            }
        });
        // The cockpit's static files are at /cockpit/; a regex route matches /cockpit alone and sends it there.
        router.getWithRegex("/cockpit").handler(context -> context.redirect("/cockpit/"));
        if (exposeSupergraph) {
            router.get("/supergraph").handler(this::supergraph);
        }
    }

    void shutdown(@Observes io.quarkus.runtime.ShutdownEvent event) {
        goingAway();
    }

    /** Ends the streams of subscriptions over HTTP (server-sent events, multipart) that are open now. */
    public void goingAway() {
        streams.goingAway();
    }

    /** A body beyond the limit (the body handler fails the route with 413): said in GraphQL's terms. */
    private void failed(RoutingContext context) {
        if (context.statusCode() == 413) {
            respond(context, 413, errors("the request body is larger than the " + maxRequestSize + " bytes this "
                    + "gateway reads", "REQUEST_TOO_LARGE"));
        } else {
            context.next();
        }
    }

    /**
     * A request whose authentication failed: its token was refused (quarkus-oidc has failed it with its own 401
     * challenge and no body before any route ran), or it has none where a caller is needed ({@code SignedIn}).
     * Answered as a request to /graphql without a token is, the challenge saying why. A challenge other than a 401,
     * GraphiQL's redirect to Keycloak's sign-in, stays as Quarkus made it.
     */
    private void unauthenticated(RoutingContext context) {
        if (context.failure() instanceof AuthenticationFailedException failure && !context.response().headWritten()) {
            Unauthenticated reason = Unauthenticated.of(failure);
            if (context.response().getStatusCode() == 401 || reason == Unauthenticated.NO_TOKEN) {
                refuse(context, reason);
                return;
            }
        }
        context.next();
    }

    /** A 401 with the challenge of RFC 6750 (replacing quarkus-oidc's, which names no error) and a GraphQL error. */
    private void refuse(RoutingContext context, Unauthenticated reason) {
        context.response().putHeader("WWW-Authenticate", reason.challenge(resourceMetadata.url(context)));
        respond(context, 401, errors(reason.message(), "UNAUTHENTICATED"));
    }

    private void post(RoutingContext context) {
        Deadline deadline = Deadline.after(requestTimeout);
        // Only JSON: a browser sends a cross-site form or text/plain POST without asking, but never application/json
        // (that needs a CORS preflight the gateway does not grant), so a signed-in GraphiQL session cannot be abused.
        String contentType = Optional.ofNullable(context.request().getHeader(HttpHeaders.CONTENT_TYPE)).orElse("")
                .toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            respond(context, 415, errors("a GraphQL request is a POST with Content-Type application/json, not "
                    + (contentType.isEmpty() ? "none" : contentType), "UNSUPPORTED_MEDIA_TYPE"));
            return;
        }
        RequestBody request;
        try {
            request = RequestBody.read(context.body().buffer() == null ? new byte[0]
                    : context.body().buffer().getBytes());
        } catch (Refusal refused) {
            respond(context, 400, errors(refused.getMessage(), refused.code()));
            return;
        }
        execute(context, request.query(), request.extensions(), request.operationName(), request.variables(), true,
                deadline);
    }

    private void supergraph(RoutingContext context) {
        Optional<Gateway> gateway = holder.gateway();
        if (gateway.isEmpty()) {
            respond(context, 503, errors("the gateway has no supergraph yet: " + holder.problem(), "GATEWAY_NOT_READY"));
            return;
        }
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end(gateway.get().supergraph().sdl());
    }

    private void get(RoutingContext context) {
        if (GraphQLOverWebSocket.isUpgrade(context)) {
            // Signed in by the socket's connection_init; cookies never sign in a socket.
            webSockets.upgrade(context);
            return;
        }
        String query = context.request().getParam("query");
        String accept = Optional.ofNullable(context.request().getHeader(HttpHeaders.ACCEPT)).orElse("");
        if (query == null && context.request().getParam("extensions") == null && accept.contains("text/html") && graphiql) {
            context.redirect("/graphql-ui/");
            return;
        }
        if ((query != null || context.request().getParam("extensions") != null) && csrf.enabled()
                && !preflighted(context)) {
            respond(context, 400, errors("this request has been blocked as a possible cross-site request forgery: a "
                    + "GET needs a Content-Type header of application/json or one of the headers "
                    + String.join(", ", csrf.requiredHeaders()), "CSRF_ERROR"));
            return;
        }
        Deadline deadline = Deadline.after(requestTimeout);
        Map<String, Object> variables;
        Map<String, Object> extensions;
        try {
            variables = RequestBody.parameter("variables", context.request().getParam("variables"));
            extensions = RequestBody.parameter("extensions", context.request().getParam("extensions"));
        } catch (Refusal refused) {
            respond(context, 400, errors(refused.getMessage(), refused.code()));
            return;
        }
        execute(context, query, extensions.isEmpty() ? null : extensions, context.request().getParam("operationName"),
                variables, false, deadline);
    }

    /**
     * Whether a browser would have asked for permission (a CORS preflight) before sending this request: it has a
     * content type a form cannot send, or a header a page can only set through CORS. What is not preflighted may
     * come from any site the caller visits, with their cookies.
     */
    private boolean preflighted(RoutingContext context) {
        String contentType = Optional.ofNullable(context.request().getHeader(HttpHeaders.CONTENT_TYPE)).orElse("")
                .toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/json")) {
            return true;
        }
        for (String header : csrf.requiredHeaders()) {
            String value = context.request().getHeader(header);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }

    private void execute(RoutingContext context, String query, Object extensions, String operationName,
                         Map<String, Object> variables, boolean mutationsAllowed, Deadline deadline) {
        if (!callers.admitted(context)) {
            refuse(context, Unauthenticated.NO_TOKEN);
            return;
        }
        if (!callers.holdsARequiredRole(context)) {
            respond(context, 403, errors("your account holds no role of the throughline realm that reads or changes "
                    + "anything here; ask for one (viewer reads everything)", "FORBIDDEN"));
            return;
        }
        PersistedOperations.Resolved resolved = persisted.resolve(query, extensions);
        if (resolved.refused()) {
            respond(context, "BAD_REQUEST".equals(resolved.code()) ? 400 : 200,
                    errors(resolved.message(), resolved.code()));
            return;
        }
        GraphQLRequest request = new GraphQLRequest(resolved.query(), operationName, variables, mutationsAllowed);
        Optional<Gateway> gateway = holder.gateway();
        if (gateway.isEmpty()) {
            respond(context, 503, errors("the gateway has no supergraph yet: " + holder.problem(), "GATEWAY_NOT_READY"));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : FORWARDED) {
            String value = context.request().getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        callers.authorization(context).ifPresent(authorization -> headers.put("authorization", authorization));
        boolean explain = exposeQueryPlans && "true".equalsIgnoreCase(context.request().getHeader(QUERY_PLAN_HEADER));
        Gateway serving = gateway.get();
        Caller caller = callers.caller(context);
        Optional<GraphQLStreamsOverHttp.Framing> framing = GraphQLStreamsOverHttp.Framing.accepted(context);
        if (framing.isPresent()) {
            // A stream lasts as long as its subscription: it holds no place among the operations in flight.
            streams.stream(context, framing.get(), serving, request, headers, caller, callers.identity(context),
                    (status, body) -> respond(context, status, body));
            return;
        }
        // The span of this HTTP request, taken here on its own thread: the operation's fetches are spans under it.
        Context trace = Context.current();
        // Parsing, validating and planning a new operation is work for a worker thread, never the event loop; an
        // operation prepared before runs from here without blocking. Its deadline counts from its arrival.
        boolean admitted = admission.admit(io.vertx.core.Vertx.currentContext(), () -> {
            CompletionStage<Map<String, Object>> answered;
            try {
                answered = serving.execute(request, headers, explain, caller, trace, deadline, preparers);
            } catch (RuntimeException | Error e) {
                // Whatever happens, the operation is answered and its place handed on: a lost place is never freed.
                answered = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            answered.whenComplete((response, failure) -> {
                admission.finished();
                if (failure != null) {
                    LOG.error("request failed inside the gateway", failure);
                    respond(context, 500, errors("the gateway failed to execute the request", "INTERNAL_SERVER_ERROR"));
                    return;
                }
                boolean executed = response.containsKey("data");
                int status = isCode(response, "MUTATION_NOT_ALLOWED") ? 405
                        : executed || !wantsGraphQLResponse(context) ? 200 : 400;
                respond(context, status, response);
            });
        });
        if (!admitted) {
            context.response().putHeader("Retry-After", "1");
            respond(context, 503, errors("the gateway is answering as many operations as it may at once, and as many"
                    + " wait: try again shortly", "SERVICE_OVERLOADED"));
        }
    }

    private static boolean isCode(Map<String, Object> response, String code) {
        return response.get("errors") instanceof List<?> errors && !errors.isEmpty()
                && errors.get(0) instanceof Map<?, ?> error && error.get("extensions") instanceof Map<?, ?> extensions
                && code.equals(extensions.get("code"));
    }

    private static boolean wantsGraphQLResponse(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/graphql-response+json");
    }

    private void respond(RoutingContext context, int status, Map<String, Object> body) {
        String contentType = wantsGraphQLResponse(context) ? "application/graphql-response+json" : "application/json";
        ByteBuf bytes;
        try {
            bytes = writer.write(body);
        } catch (IOException e) {
            context.fail(e);
            return;
        }
        // Vert.x writes a buffer it did not allocate without releasing it: it goes back to the pool once written,
        // or once the connection has failed to take it.
        try {
            context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType + "; charset=utf-8")
                    .end(Buffer.buffer(bytes)).onComplete(written -> bytes.release());
        } catch (RuntimeException e) {
            bytes.release();
            throw e;
        }
    }

    private static Map<String, Object> errors(String message, String code) {
        return Map.of("errors", List.of(Refusal.graphqlError(message, code, null)));
    }
}
