package org.throughline.benchmark;

import org.throughline.testing.ChildProcess;
import org.throughline.testing.FreePort;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@link FederationBenchmarkSubgraphs} running as a JVM of its own, started from this benchmark's class path: the
 * gateways' subgraphs, apart from the load generator and from every gateway.
 */
final class SubgraphsProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final ChildProcess process;
    private final int port;
    /** Where the subgraphs wrote their SDL, one {@code <name>.graphql} each. */
    final Path sdlDirectory;

    private SubgraphsProcess(ChildProcess process, int port, Path sdlDirectory) {
        this.process = process;
        this.port = port;
        this.sdlDirectory = sdlDirectory;
    }

    static SubgraphsProcess start(Path work) throws InterruptedException {
        int port = FreePort.pick();
        Path sdl = work.resolve("subgraphs");
        ChildProcess process = ChildProcess.start("the subgraphs", List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-cp", absoluteClassPath(), FederationBenchmarkSubgraphs.class.getName(),
                        String.valueOf(port), sdl.toString()),
                Map.of(), work, work.resolve("subgraphs.log"));
        SubgraphsProcess subgraphs = new SubgraphsProcess(process, port, sdl);
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            process.requireAlive();
            if (process.tail().contains("listening")) {
                return subgraphs;
            }
            Thread.sleep(200);
        }
        process.close();
        throw new IllegalStateException("the subgraphs did not start within 60 s; their log ends:\n" + process.tail());
    }

    /** This JVM's class path with absolute entries, as the subgraphs run in another directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }

    /** The subgraphs' GraphQL URLs by name. */
    Map<String, String> urls() {
        Map<String, String> urls = new LinkedHashMap<>();
        FederationBenchmarkSubgraphs.NAMES.forEach(name -> urls.put(name, "http://127.0.0.1:" + port + "/" + name));
        return urls;
    }

    /** Requests the subgraphs have answered so far, all together. */
    long requests() throws IOException, InterruptedException {
        return Long.parseLong(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/requests"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body().strip());
    }

    ProcessTree tree() {
        return new ProcessTree(process.pid());
    }

    @Override
    public void close() {
        process.close();
    }
}
