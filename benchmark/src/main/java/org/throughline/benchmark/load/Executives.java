package org.throughline.benchmark.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.throughline.testing.KeycloakServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Distinct executives of the realm, made through Keycloak's admin API (role executive), each signed in with their
 * own password and keeping their own token, renewed through the refresh grant a minute before it expires (tokens
 * live five minutes), as a front end does.
 */
final class Executives implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);

    private final KeycloakServer keycloak;
    private final AtomicReferenceArray<KeycloakServer.SignedIn> tokens;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong renewals = new AtomicLong();
    private final AtomicLong renewalFailures = new AtomicLong();

    private Executives(KeycloakServer keycloak, int count) {
        this.keycloak = keycloak;
        this.tokens = new AtomicReferenceArray<>(count);
    }

    static String username(int index) {
        return String.format("load-exec-%03d", index + 1);
    }

    /** Makes {@code count} executives in the realm and signs each in; renewal runs until {@link #close()}. */
    static Executives signIn(KeycloakServer keycloak, int count) throws Exception {
        Executives executives = new Executives(keycloak, count);
        String password = "load-" + java.util.UUID.randomUUID();
        executives.create(count, password);
        ExecutorService signing = Executors.newFixedThreadPool(4);
        try {
            List<Future<KeycloakServer.SignedIn>> signedIn = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String user = username(i);
                signedIn.add(signing.submit((Callable<KeycloakServer.SignedIn>) () -> keycloak.signIn(user, password)));
            }
            for (int i = 0; i < count; i++) {
                executives.tokens.set(i, signedIn.get(i).get(2, TimeUnit.MINUTES));
            }
        } finally {
            signing.shutdownNow();
        }
        executives.renewer.scheduleWithFixedDelay(executives::renewExpiring, 5, 5, TimeUnit.SECONDS);
        return executives;
    }

    private void create(int count, String password) throws IOException, InterruptedException {
        String users = keycloak.url() + "/admin/realms/" + KeycloakServer.REALM + "/users";
        String admin = null;
        Instant adminIssued = Instant.MIN;
        JsonNode executiveRole = null;
        for (int i = 0; i < count; i++) {
            // The master realm's admin tokens live a minute.
            if (Duration.between(adminIssued, Instant.now()).toSeconds() > 30) {
                admin = "Bearer " + keycloak.adminToken();
                adminIssued = Instant.now();
            }
            if (executiveRole == null) {
                executiveRole = JSON.readTree(send(HttpRequest.newBuilder(URI.create(keycloak.url() + "/admin/realms/"
                        + KeycloakServer.REALM + "/roles/executive")).header("Authorization", admin).GET(), 200).body());
            }
            String user = username(i);
            Map<String, Object> representation = Map.of("username", user, "enabled", true,
                    "firstName", "Load", "lastName", "Executive " + (i + 1), "email", user + "@load.throughline.example",
                    "emailVerified", true, "credentials", List.of(Map.of("type", "password", "value", password,
                            "temporary", false)));
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(users)).header("Authorization", admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(representation))), 201);
            String location = created.headers().firstValue("Location").orElseThrow();
            send(HttpRequest.newBuilder(URI.create(location + "/role-mappings/realm")).header("Authorization", admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(List.of(executiveRole)))), 204);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Keycloak's admin API answered " + response.statusCode() + " to "
                    + response.request().method() + " " + response.request().uri() + ": " + response.body());
        }
        return response;
    }

    private void renewExpiring() {
        for (int i = 0; i < tokens.length(); i++) {
            KeycloakServer.SignedIn current = tokens.get(i);
            if (Instant.now().plus(RENEW_BEFORE_EXPIRY).isAfter(current.expiresAt())) {
                try {
                    tokens.set(i, keycloak.renew(current));
                    renewals.incrementAndGet();
                } catch (RuntimeException e) {
                    renewalFailures.incrementAndGet();
                }
            }
        }
    }

    int count() {
        return tokens.length();
    }

    String bearer(int executive) {
        return "Bearer " + tokens.get(executive).accessToken();
    }

    long renewals() {
        return renewals.get();
    }

    long renewalFailures() {
        return renewalFailures.get();
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
