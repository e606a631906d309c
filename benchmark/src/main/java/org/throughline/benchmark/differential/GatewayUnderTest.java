package org.throughline.benchmark.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.throughline.testing.ChildProcess;
import org.throughline.testing.FreePort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of the two gateways compared, as its own process with its log in the run directory: ours from
 * {@code gateway/target/quarkus-app/quarkus-run.jar}, Apollo's {@code @apollo/gateway} from
 * {@code benchmark/apollo-gateway}. Both as they ship, operation limits on.
 */
final class GatewayUnderTest implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    final String name;
    final String url;
    private final ChildProcess process;

    private GatewayUnderTest(String name, int port, ChildProcess process) {
        this.name = name;
        this.url = "http://127.0.0.1:" + port + "/graphql";
        this.process = process;
    }

    /**
     * Our gateway on a supergraph file or, when {@code supergraph} is null, composing the subgraphs at
     * {@code urls} itself.
     */
    static GatewayUnderTest ours(Path home, Path work, Path supergraph, Map<String, String> urls, String log)
            throws InterruptedException {
        Path jar = home.resolve("gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw install -DskipTests");
        }
        int port = FreePort.pick();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dthroughline.gateway.poll-interval=0", "-Dthroughline.gateway.introspection=true",
                // No Keycloak here: what is compared is planning and execution, as Apollo's gateway checks no tokens.
                "-Dthroughline.security.insecure=true", "-Dquarkus.oidc.tenant-enabled=false",
                "-Dquarkus.oidc.graphiql.tenant-enabled=false",
                "-Dquarkus.http.auth.permission.everything-else.policy=permit"));
        if (supergraph != null) {
            command.add("-Dthroughline.gateway.supergraph-file=" + supergraph);
        } else {
            urls.forEach((name, url) -> command.add("-Dthroughline.gateway.subgraphs." + name + ".url=" + url));
        }
        command.addAll(List.of("-jar", jar.toString()));
        return new GatewayUnderTest("ours", port,
                ChildProcess.start("our gateway", command, Map.of(), work, work.resolve(log))).awaitReady();
    }

    /** Apollo's gateway ({@code NODE_ENV=production}, default settings) on the supergraph file. */
    static GatewayUnderTest apollo(Path home, Path work, Path supergraph) throws Exception {
        Path directory = apolloDirectory(home, work);
        int port = FreePort.pick();
        return new GatewayUnderTest("Apollo", port, ChildProcess.start("Apollo's gateway",
                List.of("node", "server.mjs", supergraph.toString(), String.valueOf(port)),
                Map.of("NODE_ENV", "production"), directory, work.resolve("apollo-gateway.log"))).awaitReady();
    }

    /**
     * {@code benchmark/apollo-gateway}, installed from its committed lock file ({@code npm ci}) unless it is
     * already.
     */
    static Path apolloDirectory(Path home, Path work) throws IOException, InterruptedException {
        Path directory = home.resolve("benchmark/apollo-gateway");
        if (Files.isDirectory(directory.resolve("node_modules/@apollo/gateway"))) {
            return directory;
        }
        System.out.println("Installing @apollo/gateway from npm (npm ci in " + directory + ")...");
        Path log = work.resolve("npm-ci.log");
        Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed in " + directory + "; see " + log);
        }
        return directory;
    }

    private GatewayUnderTest awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        try {
            while (Instant.now().isBefore(deadline)) {
                process.requireAlive();
                try {
                    if (execute("{ __typename }", Map.of()).path("data").path("__typename").asText().equals("Query")) {
                        return this;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
        process.close();
        throw new IllegalStateException(process.name() + " was not ready within 90 s; its log ends:\n" + process.tail());
    }

    /** The response to an operation, as JSON; a body that is not JSON becomes an error with the HTTP status. */
    JsonNode execute(String query, Map<String, Object> variables) throws IOException, InterruptedException {
        try {
            return executeAsync(query, variables).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    CompletableFuture<JsonNode> executeAsync(String query, Map<String, Object> variables) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("query", query);
        body.set("variables", JSON.valueToTree(variables));
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(GatewayUnderTest::parsed);
    }

    private static JsonNode parsed(HttpResponse<String> response) {
        try {
            JsonNode json = JSON.readTree(response.body());
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (IOException e) {
            // not JSON: said below
        }
        ObjectNode error = JSON.createObjectNode().put("message", response.body());
        error.putObject("extensions").put("code", "HTTP_" + response.statusCode());
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.putArray("errors").add(error);
        return wrapped;
    }

    @Override
    public void close() {
        process.close();
    }
}
