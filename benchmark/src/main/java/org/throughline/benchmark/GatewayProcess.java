package org.throughline.benchmark;

import org.throughline.testing.ChildProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A gateway under test running as its own process, its output in a log file. */
final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            // HTTP/1.1 as the load: no h2c upgrade header, which Hive Gateway leaves unanswered.
            .version(HttpClient.Version.HTTP_1_1).build();

    final String url;
    private final ChildProcess process;

    private GatewayProcess(String url, ChildProcess process) {
        this.url = url;
        this.process = process;
    }

    static GatewayProcess start(String name, int port, List<String> command, Map<String, String> environment,
                                Path directory, Path log) {
        return new GatewayProcess("http://127.0.0.1:" + port + "/graphql",
                ChildProcess.start(name, command, environment, directory, log));
    }

    /**
     * Waits until the gateway answers {@code { __typename }} with data; otherwise stops it and fails with the tail
     * of its log.
     */
    GatewayProcess awaitReady(Duration timeout) throws InterruptedException {
        try {
            return poll(timeout);
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
    }

    private GatewayProcess poll(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            process.requireAlive();
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(2)).header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"Query\"")) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(process.name() + " was not ready within " + timeout.toSeconds()
                + " s; its log ends:\n" + process.tail());
    }

    /** POSTs a JSON body; returns the answer's body. */
    static String post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** GETs a 200 answer's body, or fails. */
    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    long residentMemoryMiB() {
        return process.residentMemoryMiB();
    }

    /** The gateway's process with its children, for its CPU time and memory. */
    ProcessTree tree() {
        return new ProcessTree(process.pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the gateway at once (SIGKILL): one pinned by a request may not heed a SIGTERM. */
    void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
