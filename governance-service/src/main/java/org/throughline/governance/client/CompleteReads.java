package org.throughline.governance.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The complete reads of the plan and the KPIs (every milestone, every KPI), answered by plan-service's and
 * kpi-service's GraphQL APIs and read with Jackson. The typed client reads each object of an answer by looking up,
 * for every field, a getter and an is-getter by reflection, and the facts have public fields only: two exceptions
 * thrown and caught per field per object, seconds for the thousands of a large tenant's complete read (issue 33). As
 * the typed client does, these ask for exactly the public fields of the facts classes, over the application's Vert.x
 * (traced alike), under governance's service account.
 */
@ApplicationScoped
public class CompleteReads {

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @Inject
    UpstreamClients clients;

    @ConfigProperty(name = "quarkus.smallrye-graphql-client.plan.url")
    String planUrl;

    @ConfigProperty(name = "quarkus.smallrye-graphql-client.kpi.url")
    String kpiUrl;

    private final Map<Class<?>, String> selections = new ConcurrentHashMap<>();
    private volatile WebClient client;

    /** A page of plan-service's {@code field} (milestones, initiatives): the first {@code first} after the cursor. */
    public <P> P planPage(String field, int first, String after, Class<P> page) {
        try {
            String arguments = "first: " + first + (after == null ? "" : ", after: " + json.writeValueAsString(after));
            return json.treeToValue(data(planUrl, field + "(" + arguments + ") " + selection(page), field), page);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every item of kpi-service's {@code field} (kpis), each read as {@code type}. */
    public <T> List<T> kpiList(String field, Class<T> type) {
        try {
            return json.readerForListOf(type).readValue(data(kpiUrl, field + " " + selection(type), field));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code field} of the answer to the query; a service that answers with errors or no data is a failure. */
    private JsonNode data(String url, String query, String field) {
        HttpResponse<Buffer> response = send(url, new JsonObject().put("query", "query Complete { " + query + " }"));
        JsonNode answer;
        try {
            answer = json.readTree(response.body() == null ? new byte[0] : response.body().getBytes());
        } catch (IOException e) {
            throw new IllegalStateException("answered " + response.statusCode() + " with no GraphQL answer", e);
        }
        JsonNode data = answer.path("data").path(field);
        if (response.statusCode() != 200 || answer.hasNonNull("errors") || data.isMissingNode() || data.isNull()) {
            throw new IllegalStateException("answered " + response.statusCode() + ": " + answer.path("errors"));
        }
        return data;
    }

    /** Posts on the caller's thread and waits: the caller's deadline interrupts the wait ({@link Upstream}). */
    private HttpResponse<Buffer> send(String url, JsonObject body) {
        var request = client().postAbs(url);
        String authorization = ServiceAccount.authorization();
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        try {
            return request.sendJsonObject(body).toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + url, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        }
    }

    private WebClient client() {
        WebClient created = client;
        if (created == null) {
            synchronized (this) {
                if (client == null) {
                    client = WebClient.create(vertx, clients.options());
                }
                created = client;
            }
        }
        return created;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** The selection set of a facts class: its public fields, objects and lists of objects with theirs. */
    String selection(Class<?> type) {
        return selections.computeIfAbsent(type, CompleteReads::selectionOf);
    }

    private static String selectionOf(Class<?> type) {
        StringJoiner fields = new StringJoiner(" ", "{ ", " }");
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            Class<?> of = List.class.isAssignableFrom(field.getType())
                    ? (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0]
                    : field.getType();
            fields.add(leaf(of) ? field.getName() : field.getName() + " " + selectionOf(of));
        }
        return fields.toString();
    }

    private static boolean leaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || type == String.class || type == Boolean.class
                || Number.class.isAssignableFrom(type) || Temporal.class.isAssignableFrom(type);
    }
}
