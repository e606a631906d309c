package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Posts GraphQL documents to an endpoint; a response with errors is a failure, reported with those errors. */
public final class GraphQLClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String token;
    private final Duration timeout;

    public GraphQLClient(String endpoint) {
        this(endpoint, null);
    }

    /** A client that sends {@code token} (an access token of the realm) as its bearer token; null sends none. */
    public GraphQLClient(String endpoint, String token) {
        this(endpoint, token, Duration.ofSeconds(30));
    }

    /** As {@link #GraphQLClient(String, String)}, waiting up to {@code timeout} for an answer (a long mutation). */
    public GraphQLClient(String endpoint, String token, Duration timeout) {
        this.endpoint = URI.create(endpoint);
        this.token = token;
        this.timeout = timeout;
    }

    /** Runs the document and returns its {@code data}; throws with the errors when there are any. */
    public JsonNode data(String document, Map<String, Object> variables) {
        JsonNode response = post(document, variables);
        if (response.hasNonNull("errors")) {
            throw new IllegalStateException("GraphQL errors from " + endpoint + ": " + response.get("errors"));
        }
        return response.get("data");
    }

    /** Runs the document and returns the whole response body, data and errors. */
    public JsonNode post(String document, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("could not reach " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + endpoint, e);
        }
    }

    /** Variables from name-value pairs, in order; unlike {@code Map.of}, values may be null. */
    public static Map<String, Object> variables(Object... pairs) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            variables.put((String) pairs[i], pairs[i + 1]);
        }
        return variables;
    }
}
