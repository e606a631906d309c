package org.throughline.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One packaged Quarkus application running as a child process, with its output in a log file: a service of the local
 * run, or a service under benchmark. Started on port 0, it listens where the system puts it and is found there by
 * what it logs once it listens, so that no port is picked beforehand and raced for.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * For a local run: a small heap, and a JIT that starts fast rather than peaks high. A service out of memory exits
     * rather than living on unable to answer, so that whoever supervises it sees and restarts it.
     */
    public static final List<String> LOCAL_RUN = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError");

    /** What Quarkus logs once it listens: "Listening on: http://127.0.0.1:40123" (and https, when it has both). */
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://(?:\\[[^]]*]|[^\\s:/]+):(\\d+)");

    /** The port asked for; 0 when the system chooses. */
    private final int requestedPort;
    /** The port it listens on: the one asked for, or the one it reported (0 until it has). */
    private volatile int port;
    private final ChildProcess process;
    /** How it was started, to start it again on the port given. */
    private final IntFunction<ServiceProcess> again;

    private ServiceProcess(int requestedPort, ChildProcess process, IntFunction<ServiceProcess> again) {
        this.requestedPort = requestedPort;
        this.port = requestedPort;
        this.process = process;
        this.again = again;
    }

    /**
     * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} with the given configuration as system properties;
     * {@code port} 0 lets the system choose (see {@link #port(Duration)}).
     */
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
                logDirectory.resolve(module + ".log")),
                samePort -> start(home, module, samePort, config, logDirectory, jvmOptions));
    }

    /**
     * Starts the application again as it was started, its earlier log kept; this one must have stopped. It listens on
     * the port this one had, so that whoever was told that port finds it again.
     */
    public ServiceProcess restart() {
        return again.apply(port != 0 ? port : requestedPort);
    }

    /**
     * The port the application listens on; started on port 0, the one it reported, waited for until it reports it
     * (or fails with the end of its log when it exits or the time runs out).
     */
    public int port(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (port == 0) {
            process.requireAlive();
            reportedPort().ifPresent(reported -> port = reported);
            if (port != 0) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(process.name() + " did not report its port within "
                        + timeout.toSeconds() + " s; its log ends:\n" + process.tail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + process.name(), e);
            }
        }
        return port;
    }

    /** The port the application said it listens on, once it has said so in its log. */
    private OptionalInt reportedPort() {
        try {
            Matcher listening = LISTENING.matcher(Files.readString(process.log()));
            return listening.find() ? OptionalInt.of(Integer.parseInt(listening.group(1))) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /** The port it listens on; 0 while one started on port 0 has not reported it yet. */
    public int port() {
        if (port == 0) {
            reportedPort().ifPresent(reported -> port = reported);
        }
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

    /** Whether the application answers its liveness check within the timeout (not before it reported its port). */
    public boolean live(Duration timeout) {
        return port() != 0 && process.answersOk(URI.create(url("/q/health/live")), timeout);
    }

    /** Kills the application at once: for one that no longer answers. */
    public void kill() {
        process.kill();
    }

    /** An address of the application; started on port 0, once it has reported its port (waited for if need be). */
    public String url(String path) {
        return "http://localhost:" + port(Duration.ofMinutes(3)) + path;
    }

    /** Waits until the application reports ready, or fails with the tail of its log. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int listening = port(timeout);
        process.awaitOk(URI.create("http://localhost:" + listening + "/q/health/ready"),
                Duration.between(Instant.now(), deadline));
    }

    /** Asks the application to stop (SIGTERM, a graceful Quarkus shutdown), then kills it if it will not. */
    @Override
    public void close() {
        process.close();
    }
}
