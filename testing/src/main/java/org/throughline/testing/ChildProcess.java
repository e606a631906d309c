package org.throughline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program started as a child process with its output in a log file: a service of the local run, a gateway under
 * benchmark. Closing it asks it to stop (SIGTERM, so that a Quarkus application shuts down gracefully), then kills
 * it if it will not.
 */
public final class ChildProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Logs of this many earlier runs are kept beside the current one, as {@code <log>.1} (the last) and on. */
    public static final int KEPT_LOGS = 5;

    private final String name;
    private final Path log;
    private final Process process;

    private ChildProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
                                     Path directory, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            keepEarlierLog(log);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new ChildProcess(name, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    /** Moves a non-empty log to {@code <log>.1}, the one there to {@code .2}, and so on; the oldest goes. */
    private static void keepEarlierLog(Path log) throws IOException {
        if (!Files.isRegularFile(log) || Files.size(log) == 0) {
            return;
        }
        for (int i = KEPT_LOGS - 1; i >= 1; i--) {
            Path older = earlierLog(log, i);
            if (Files.exists(older)) {
                Files.move(older, earlierLog(log, i + 1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(log, earlierLog(log, 1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The log of the {@code runsAgo}-th run before this one. */
    public static Path earlierLog(Path log, int runsAgo) {
        return log.resolveSibling(log.getFileName() + "." + runsAgo);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The exit code of a process that has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Whether {@code url} answers 200 to one GET within the timeout. */
    public boolean answersOk(URI url, Duration timeout) {
        try {
            return HTTP.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Fails with the end of the log when the process has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; its log ends:\n"
                    + tail());
        }
    }

    /**
     * Waits until {@code url} answers 200 to a GET, or fails with the end of the log when the process exits or the
     * time runs out.
     */
    public void awaitOk(URI url, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest probe = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            requireAlive();
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; its log ends:\n"
                + tail());
    }

    /** The last lines of the log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Resident memory of the process (VmRSS), in MiB; -1 where /proc does not tell. */
    public long residentMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not on Linux, or the process is gone
        }
        return -1;
    }

    /** Kills the process at once (SIGKILL): for one that no longer answers, and so may not heed a SIGTERM. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        // A start script (Keycloak's kc.sh) runs the JVM as its child: stop that one too.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
