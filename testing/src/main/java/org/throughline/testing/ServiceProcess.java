package org.throughline.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One packaged Quarkus application running as a child process, with its output in a log file: a service of the local
 * run, or a service under benchmark.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * For a local run: a small heap, and a JIT that starts fast rather than peaks high. A service out of memory exits
     * rather than living on unable to answer, so that whoever supervises it sees and restarts it.
     */
    public static final List<String> LOCAL_RUN = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError");

    private final int port;
    private final ChildProcess process;
    /** How it was started, to start it again. */
    private final Supplier<ServiceProcess> again;

    private ServiceProcess(int port, ChildProcess process, Supplier<ServiceProcess> again) {
        this.port = port;
        this.process = process;
        this.again = again;
    }

    /** Starts {@code <module>/target/quarkus-app/quarkus-run.jar} with the given configuration as system properties. */
    public static ServiceProcess start(Path home, String module, int port, Map<String, String> config,
                                       Path logDirectory) {
        return start(home, module, port, config, logDirectory, LOCAL_RUN);
    }

    /** As {@link #start(Path, String, int, Map, Path)}, with the JVM options given (heap, JIT). */
    public static ServiceProcess start(Path home, String module, int port, Map<String, String> config,
                                       Path logDirectory, List<String> jvmOptions) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw install -DskipTests");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        return new ServiceProcess(port, ChildProcess.start(module, command, Map.of(), home,
                logDirectory.resolve(module + ".log")), () -> start(home, module, port, config, logDirectory, jvmOptions));
    }

    /** Starts the application again as it was started, its earlier log kept; this one must have stopped. */
    public ServiceProcess restart() {
        return again.get();
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return process.log();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Whether the application answers its liveness check within the timeout. */
    public boolean live(Duration timeout) {
        return process.answersOk(URI.create(url("/q/health/live")), timeout);
    }

    /** Kills the application at once: for one that no longer answers. */
    public void kill() {
        process.kill();
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Waits until the application reports ready, or fails with the tail of its log. */
    public void awaitReady(Duration timeout) {
        process.awaitOk(URI.create(url("/q/health/ready")), timeout);
    }

    /** Asks the application to stop (SIGTERM, a graceful Quarkus shutdown), then kills it if it will not. */
    @Override
    public void close() {
        process.close();
    }
}
