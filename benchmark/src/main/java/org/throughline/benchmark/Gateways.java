package org.throughline.benchmark;

import org.throughline.testing.FreePort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the gateways the benchmarks compare, each as its own process with its log in the run directory: ours as it
 * ships, and the peers installed from npm with the lock files committed beside their settings.
 */
final class Gateways {

    private Gateways() {
    }

    /**
     * Our gateway as it ships ({@code -Xmx320m -XX:+UseSerialGC}, as in its image under the deployment's limit),
     * composing the subgraphs itself and exposing its supergraph for the peers; {@code deduplicate} sets in-flight
     * deduplication for every subgraph.
     */
    static GatewayProcess ours(Path home, Path work, Map<String, String> urls, boolean deduplicate) throws Exception {
        return ours(home.resolve("gateway/target/quarkus-app/quarkus-run.jar"), "our gateway", "throughline-gateway",
                work, urls, deduplicate, System.getProperty("benchmark.oursJava", System.getProperty("java.home")),
                System.getProperty("benchmark.oursJvmOptions", ""));
    }

    /**
     * Our gateway from another build ({@code jar}, for example one of an earlier commit: a before-and-after in one
     * run, or the same build with other JVM options), named {@code name}, logging to {@code log}, run by the Java
     * installation at {@code javaHome} with extra JVM options {@code jvmOptions} (after the shipped ones, so that
     * theirs override them), otherwise started as {@link #ours} starts it.
     */
    static GatewayProcess ours(Path jar, String name, String log, Path work, Map<String, String> urls,
                               boolean deduplicate, String javaHome, String jvmOptions) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw install -DskipTests");
        }
        int port = FreePort.pick();
        // As the Kubernetes deployment runs it: half of its 640 MiB limit for the heap, the serial collector.
        // -Dbenchmark.oursJava=<a Java installation> runs it on another JVM than the benchmark's own.
        List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(),
                "-Xmx320m", "-XX:+UseSerialGC"));
        // Extra JVM options for ours only, for example a flight recording to profile it under the load:
        // -Dbenchmark.oursJvmOptions="-XX:StartFlightRecording=filename=ours.jfr,settings=profile"
        for (String option : jvmOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dthroughline.gateway.expose-supergraph=true", "-Dthroughline.gateway.poll-interval=0",
                // What is measured is planning and execution, beside peers that check no tokens either: ours runs as
                // the insecure quick start (no Keycloak here).
                "-Dthroughline.security.insecure=true", "-Dquarkus.oidc.tenant-enabled=false",
                "-Dquarkus.oidc.graphiql.tenant-enabled=false",
                // The operation limits stay on, as they ship.
                "-Dquarkus.http.auth.permission.everything-else.policy=permit"));
        urls.forEach((subgraph, url) -> {
            command.add("-Dthroughline.gateway.subgraphs." + subgraph + ".url=" + url);
            command.add("-Dthroughline.gateway.subgraphs." + subgraph + ".deduplicate=" + deduplicate);
        });
        command.addAll(List.of("-jar", jar.toString()));
        return GatewayProcess.start(name, port, command, Map.of(), work, work.resolve(log + suffix(deduplicate) + ".log"))
                .awaitReady(Duration.ofSeconds(60));
    }

    /**
     * Apollo's {@code @apollo/gateway} (Node.js, {@code NODE_ENV=production}, default settings) on the supergraph
     * file. It has no in-flight deduplication of subgraph requests to switch on.
     */
    static GatewayProcess apollo(Path home, Path work, Path supergraph) throws Exception {
        return apollo(home, work, supergraph, false);
    }

    /**
     * Apollo's gateway as {@link #apollo(Path, Path, Path)} starts it, with {@code introspection} answering
     * introspection, which {@code NODE_ENV=production} otherwise switches off.
     */
    static GatewayProcess apollo(Path home, Path work, Path supergraph, boolean introspection) throws Exception {
        Path directory = npmInstalled(home.resolve("benchmark/apollo-gateway"), "@apollo/gateway", work);
        int port = FreePort.pick();
        return GatewayProcess.start("Apollo's gateway", port,
                        List.of("node", "server.mjs", supergraph.toString(), String.valueOf(port)),
                        introspection ? Map.of("NODE_ENV", "production", "INTROSPECTION", "true")
                                : Map.of("NODE_ENV", "production"), directory,
                        work.resolve(introspection ? "apollo-gateway-introspection.log" : "apollo-gateway.log"))
                .awaitReady(Duration.ofSeconds(60));
    }

    /**
     * The Guild's Hive Gateway (Node.js, {@code NODE_ENV=production}, one process as by default) on the supergraph
     * file, planning with its JavaScript planner or, with {@code routerRuntime}, the Rust one of
     * {@code @graphql-hive/router-runtime}; its in-flight deduplication set by {@code gateway.config.mjs}.
     */
    static GatewayProcess hive(Path home, Path work, Path supergraph, boolean routerRuntime, boolean deduplicate)
            throws Exception {
        Path directory = npmInstalled(home.resolve("benchmark/hive-gateway"), "@graphql-hive/gateway", work);
        int port = FreePort.pick();
        List<String> command = new ArrayList<>(List.of("node", "node_modules/@graphql-hive/gateway/dist/bin.js",
                "supergraph", supergraph.toString(), "--config-path", "gateway.config.mjs", "--host", "127.0.0.1",
                "--port", String.valueOf(port)));
        if (routerRuntime) {
            command.add("--hive-router-runtime");
        }
        String name = routerRuntime ? "hive-gateway-router-runtime" : "hive-gateway";
        return GatewayProcess.start(name, port, command,
                        Map.of("NODE_ENV", "production", "DEDUPLICATE", String.valueOf(deduplicate)), directory,
                        work.resolve(name + suffix(deduplicate) + ".log"))
                .awaitReady(Duration.ofSeconds(90));
    }

    /**
     * Grafbase's gateway, a Rust engine, through its CLI's {@code dev} command (npm has the CLI, not the standalone
     * {@code grafbase-gateway}), composing the subgraphs' SDL files itself; {@code deduplicate} sets
     * {@code traffic_shaping.inflight_deduplication}.
     */
    static GatewayProcess grafbase(Path home, Path work, SubgraphsProcess subgraphs, boolean deduplicate)
            throws Exception {
        Path directory = npmInstalled(home.resolve("benchmark/grafbase"), "@grafbase/cli-x86_64-unknown-linux-musl",
                work);
        Path cli = directory.resolve("node_modules/@grafbase/cli-x86_64-unknown-linux-musl/grafbase");
        StringBuilder config = new StringBuilder("# Written by ./benchmark-gateways.sh for one run.\n[traffic_shaping]\n")
                .append("inflight_deduplication = ").append(deduplicate).append('\n');
        subgraphs.urls().forEach((name, url) -> config.append("\n[subgraphs.").append(name).append("]\nurl = \"")
                .append(url).append("\"\nschema_path = \"").append(subgraphs.sdlDirectory.resolve(name + ".graphql"))
                .append("\"\n"));
        Path toml = work.resolve("grafbase" + suffix(deduplicate) + ".toml");
        Files.writeString(toml, config);
        int port = FreePort.pick();
        // Its own home, so that it neither reads nor writes the user's ~/.grafbase.
        Path grafbaseHome = Files.createDirectories(work.resolve("grafbase-home"));
        return GatewayProcess.start("Grafbase's gateway", port,
                        List.of(cli.toString(), "--home", grafbaseHome.toString(), "dev", "-c", toml.toString(),
                                "--listen-address", "127.0.0.1:" + port),
                        Map.of(), work, work.resolve("grafbase" + suffix(deduplicate) + ".log"))
                .awaitReady(Duration.ofSeconds(90));
    }

    private static String suffix(boolean deduplicate) {
        return deduplicate ? "-dedup-on" : "-dedup-off";
    }

    /**
     * The npm project in {@code directory}, installed from its committed lock file ({@code npm ci}) unless
     * {@code node_modules/<probe>} is there already.
     */
    static Path npmInstalled(Path directory, String probe, Path work) throws IOException, InterruptedException {
        if (Files.isDirectory(directory.resolve("node_modules").resolve(probe))) {
            return directory;
        }
        System.out.println("Installing " + probe + " from npm (npm ci in " + directory + ")...");
        Path log = work.resolve("npm-ci-" + directory.getFileName() + ".log");
        Process install;
        try {
            install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("npm is missing: " + probe + " needs Node.js and npm", e);
        }
        if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed in " + directory + "; see " + log);
        }
        return directory;
    }
}
