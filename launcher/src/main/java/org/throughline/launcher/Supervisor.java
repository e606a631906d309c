package org.throughline.launcher;

import org.throughline.testing.ChildProcess;
import org.throughline.testing.ServiceProcess;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the platform's applications as a process manager would: one that exited, or that has not answered its
 * liveness check several times in a row (hung, or out of memory), is said to have failed, killed if need be, and
 * started again with its earlier log kept. An application that fails too often in a short while is given up on,
 * and said so, rather than restarted in a loop.
 */
final class Supervisor implements AutoCloseable {

    /** What the supervisor needs of the platform: its running applications, and a way to replace one. */
    interface Watched {
        /** The applications running now, by module; a stopped one is not in it. */
        Map<String, ServiceProcess> running();

        /** Puts {@code next} in the place of {@code failed}, unless the platform stopped or replaced it meanwhile. */
        boolean replace(String module, ServiceProcess failed, ServiceProcess next);
    }

    static final int RESTARTS_ALLOWED = 5;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(10);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Watched platform;
    private final Consumer<String> report;
    private final int missesAllowed;
    private final Duration probeTimeout;
    private final Map<String, Integer> misses = new HashMap<>();
    private final Map<String, Deque<Instant>> restarts = new HashMap<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "throughline-supervisor");
        thread.setDaemon(true);
        return thread;
    });

    Supervisor(Watched platform, Consumer<String> report, Duration interval, int missesAllowed) {
        this.platform = platform;
        this.report = report;
        this.missesAllowed = missesAllowed;
        this.probeTimeout = interval.compareTo(Duration.ofSeconds(3)) < 0 ? interval : Duration.ofSeconds(3);
        clock.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            platform.running().forEach(this::check);
        } catch (RuntimeException e) {
            report.accept("the supervisor could not check the applications: " + e);
        }
    }

    private void check(String module, ServiceProcess process) {
        if (!process.isAlive()) {
            restart(module, process, module + " exited with code " + process.exitValue());
            return;
        }
        if (process.live(probeTimeout)) {
            misses.remove(module);
            return;
        }
        int missed = misses.merge(module, 1, Integer::sum);
        if (missed >= missesAllowed) {
            process.kill();
            restart(module, process, module + " did not answer its health check " + missed + " times in a row and "
                    + "was killed");
        }
    }

    private void restart(String module, ServiceProcess failed, String what) {
        misses.remove(module);
        Deque<Instant> recent = restarts.computeIfAbsent(module, m -> new ArrayDeque<>());
        Instant now = Instant.now();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(RESTART_WINDOW))) {
            recent.removeFirst();
        }
        String log = ChildProcess.earlierLog(failed.log(), 1).toString();
        if (recent.size() >= RESTARTS_ALLOWED) {
            report.accept(what + "; it failed " + recent.size() + " times within " + RESTART_WINDOW.toMinutes()
                    + " minutes, so it is not started again: see " + failed.log());
            platform.replace(module, failed, null);
            return;
        }
        recent.addLast(now);
        report.accept(what + "; starting it again (the log of the failed run is " + log + ")");
        ServiceProcess next;
        try {
            next = failed.restart();
        } catch (RuntimeException e) {
            report.accept(module + " could not be started again: " + e.getMessage());
            return;
        }
        if (!platform.replace(module, failed, next)) {
            next.close();
            return;
        }
        try {
            next.awaitReady(READY_TIMEOUT);
            report.accept(module + " is back");
        } catch (RuntimeException e) {
            report.accept(module + " did not come back: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        try {
            clock.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
