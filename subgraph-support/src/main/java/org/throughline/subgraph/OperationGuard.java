package org.throughline.subgraph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.throughline.edge.OperationLimits;
import org.throughline.edge.Refusal;
import org.throughline.edge.RequestBody;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A subgraph checks every GraphQL request as the gateway does, before SmallRye reads it: inside a cluster it can be
 * called without the gateway. The body is read strictly (one JSON object in UTF-8, no key twice, nothing after it,
 * no batch), and the operation is measured once per fragment against the subgraph's limits: graphql-java's own depth
 * and complexity checks expand every fragment spread again, so a small document of fragments spreading each other
 * twice kept a thread busy for as long as it took to expand them. What passes goes on to SmallRye unchanged.
 * Refusals are answered as the gateway answers them: a code and a message in our words.
 */
@ApplicationScoped
public class OperationGuard {

    /**
     * After Quarkus's authentication (route order -200) and authorization (-100), so that a caller without a token
     * still gets 401 and one without a role 403; before SmallRye's GraphQL routes (its GraphQL over WebSocket route
     * at -99 passes every other request on; the one that executes has a default order, 0 or more).
     */
    private static final int ORDER = -50;

    private final OperationLimits limits;
    private final ObjectMapper json;
    private final long maxBodySize;

    public OperationGuard(
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.smallrye-graphql.instrumentation-query-depth", defaultValue = "20") int maxDepth,
            @ConfigProperty(name = "quarkus.smallrye-graphql.instrumentation-query-complexity", defaultValue = "1000")
            int maxFields,
            @ConfigProperty(name = "quarkus.smallrye-graphql.parser-max-tokens", defaultValue = "15000") int maxTokens,
            @ConfigProperty(name = "throughline.subgraph.limits.max-aliases", defaultValue = "100") int maxAliases,
            @ConfigProperty(name = "throughline.subgraph.limits.max-root-fields", defaultValue = "30") int maxRootFields,
            @ConfigProperty(name = "throughline.subgraph.limits.max-directives", defaultValue = "100") int maxDirectives,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
        // No cost estimate here: the fields in all bound what one operation asks of a subgraph.
        this.limits = new OperationLimits(maxDepth, maxAliases, maxRootFields, maxFields, maxDirectives, maxTokens, 0,
                OperationLimits.DEFAULTS.assumedListSize());
    }

    /** Before SmallRye's own routes for {@code /graphql}, which read the body this route has read already. */
    void register(@Observes Router router) {
        router.post("/graphql").order(ORDER).handler(BodyHandler.create(false).setBodyLimit(maxBodySize))
                .handler(this::post).failureHandler(this::failed);
        router.get("/graphql").order(ORDER).handler(this::get);
    }

    /** A body beyond the limit (the body handler fails the route with 413): said in GraphQL's terms. */
    private void failed(RoutingContext context) {
        if (context.statusCode() == 413) {
            respond(context, 413, new Refusal("REQUEST_TOO_LARGE", "the request body is larger than the "
                    + maxBodySize + " bytes this service reads"));
        } else {
            context.next();
        }
    }

    private void post(RoutingContext context) {
        byte[] body = context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
        String contentType = Optional.ofNullable(context.request().getHeader(HttpHeaders.CONTENT_TYPE)).orElse("")
                .toLowerCase(Locale.ROOT);
        try {
            if (contentType.startsWith("application/graphql") && !contentType.startsWith("application/graphql-")) {
                // The body is the operation's text, its name in the URL.
                check(RequestBody.text(body, "the request body"), context.request().getParam("operationName"));
            } else {
                RequestBody request = RequestBody.read(body);
                check(request.query(), request.operationName());
            }
        } catch (Refusal refused) {
            refuse(context, refused);
            return;
        }
        context.next();
    }

    private void get(RoutingContext context) {
        try {
            RequestBody.parameter("variables", context.request().getParam("variables"));
            RequestBody.parameter("extensions", context.request().getParam("extensions"));
            check(context.request().getParam("query"), context.request().getParam("operationName"));
        } catch (Refusal refused) {
            refuse(context, refused);
            return;
        }
        context.next();
    }

    /** Parses and measures the operation a request names (its only one when it names none). */
    private void check(String query, String operationName) {
        if (query == null) {
            return;
        }
        Document document = limits.parse(query);
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        for (OperationDefinition operation : operations) {
            if (operations.size() == 1 || operationName == null || operationName.equals(operation.getName())) {
                limits.requireShape(document, operation);
            }
        }
    }

    /**
     * A body that is not a request is a 400; an operation refused for its limits is a GraphQL answer with errors
     * and no data, 200 unless the client reads GraphQL's own response type, which gives request errors a 400.
     */
    private void refuse(RoutingContext context, Refusal refused) {
        boolean badBody = refused.code().equals("BAD_REQUEST") || refused.code().equals("BATCHING_NOT_ENABLED");
        respond(context, badBody || wantsGraphQLResponse(context) ? 400 : 200, refused);
    }

    private static boolean wantsGraphQLResponse(RoutingContext context) {
        return Optional.ofNullable(context.request().getHeader(HttpHeaders.ACCEPT)).orElse("")
                .toLowerCase(Locale.ROOT).contains("application/graphql-response+json");
    }

    private void respond(RoutingContext context, int status, Refusal refused) {
        String answer;
        try {
            answer = json.writeValueAsString(Map.of("errors", List.of(refused.graphqlError())));
        } catch (JsonProcessingException e) {
            context.fail(e);
            return;
        }
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, (wantsGraphQLResponse(context) ? "application/graphql-response+json"
                        : "application/json") + "; charset=utf-8")
                .end(answer);
    }
}
