package org.throughline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Keycloak server (the distribution from Maven Central) with the {@code throughline} realm imported from the
 * realm file of the repository, listening on the loopback interface only. Its state lives in its own copy of the
 * distribution and is rebuilt from the realm file at every start, so the realm is always exactly what the file says.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "throughline";
    /** The realm file that the local run, the tests and the Kubernetes deployment all import. */
    public static final String REALM_FILE = "k8s/base/keycloak/throughline-realm.json";
    /** The password of every demo user in the local run (the realm file's default). */
    public static final String DEMO_PASSWORD = "throughline";
    /** The public client of the realm that may use the password grant: for curl and tests, never for browsers. */
    public static final String CLI_CLIENT = "throughline-cli";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final String adminPassword;
    private final ChildProcess process;

    private KeycloakServer(int port, String adminPassword, ChildProcess process) {
        this.port = port;
        this.adminPassword = adminPassword;
        this.process = process;
    }

    /**
     * Starts Keycloak from the unpacked {@code distribution} in {@code home} (a copy of it, made on first use), with
     * the realm file imported, and waits until the realm answers.
     */
    public static KeycloakServer start(Path distribution, Path home, int port, Path realmFile, Path log) {
        KeycloakServer server = launch(distribution, home, port, realmFile, log);
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** As {@link #start}, without waiting: call {@link #awaitReady()} before using it. */
    public static KeycloakServer launch(Path distribution, Path home, int port, Path realmFile, Path log) {
        if (!Files.isRegularFile(distribution.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution in " + distribution
                    + ": build first with ./mvnw install -DskipTests (it unpacks org.keycloak:keycloak-quarkus-dist)");
        }
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            Directories.copy(distribution, home);
        }
        // The realm is the file's: the database of the previous start goes, and the file is imported afresh.
        Directories.delete(home.resolve("data"));
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmFile, imports.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Keycloak in " + home, e);
        }
        String adminPassword = java.util.UUID.randomUUID().toString();
        List<String> command = List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=http://localhost:" + port,
                "--import-realm");
        Map<String, String> environment = Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx384m",
                "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        return new KeycloakServer(port, adminPassword,
                ChildProcess.start("keycloak", command, environment, home, log));
    }

    /** Waits until the realm's discovery document answers, or fails with the tail of Keycloak's log. */
    public void awaitReady() {
        process.awaitOk(URI.create(issuer() + "/.well-known/openid-configuration"), START_TIMEOUT);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** The issuer of the realm's tokens: what services are configured with and verify. */
    public String issuer() {
        return url() + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** An access token for a user of the realm, through the password grant of the command-line client. */
    public String userToken(String username, String password) {
        return token(Map.of("grant_type", "password", "client_id", CLI_CLIENT, "username", username,
                "password", password));
    }

    /** A user's tokens: the access token, the refresh token that renews it, and when the access token expires. */
    public record SignedIn(String accessToken, String refreshToken, Instant expiresAt) {
    }

    /** Signs a user of the realm in (the password grant of the command-line client), keeping the refresh token. */
    public SignedIn signIn(String username, String password) {
        return signedIn(post(tokenEndpoint(), Map.of("grant_type", "password", "client_id", CLI_CLIENT,
                "username", username, "password", password)));
    }

    /** New tokens for a signed-in user through the refresh grant: no password, and the session goes on. */
    public SignedIn renew(SignedIn tokens) {
        return signedIn(post(tokenEndpoint(), Map.of("grant_type", "refresh_token", "client_id", CLI_CLIENT,
                "refresh_token", tokens.refreshToken())));
    }

    private static SignedIn signedIn(HttpResponse<String> response) {
        String access = accessToken(response);
        try {
            JsonNode body = JSON.readTree(response.body());
            return new SignedIn(access, body.path("refresh_token").asText(null),
                    Instant.now().plusSeconds(body.path("expires_in").asLong()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An access token for a demo user (the realm file's default password). */
    public String userToken(String username) {
        return userToken(username, DEMO_PASSWORD);
    }

    /** An access token for a confidential client's service account (the client credentials grant). */
    public String clientToken(String clientId, String secret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** A token of the master realm's bootstrap administrator, to change the realm from a test. */
    public String adminToken() {
        HttpResponse<String> response = post(url() + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", adminPassword));
        return accessToken(response);
    }

    private String token(Map<String, String> form) {
        return accessToken(post(tokenEndpoint(), form));
    }

    private static String accessToken(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
                throw new IllegalStateException("Keycloak refused the token request (" + response.statusCode()
                        + "): " + response.body());
            }
            return body.get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak did not answer at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The process id of the server's launcher script, whose child is Keycloak's JVM. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
