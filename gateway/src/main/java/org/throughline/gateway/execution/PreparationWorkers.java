package org.throughline.gateway.execution;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The worker threads that prepare operations the gateway has not prepared before (parse, validate, measure, plan),
 * never the event loops, and how long each has been at its task: a gateway whose every worker has been at one task
 * for longer than an operation may take serves no new operation, and its health says so.
 */
public final class PreparationWorkers implements Executor, AutoCloseable {

    private final WorkerExecutor pool;
    private final int size;
    /** The workers at a task now, with the {@link System#nanoTime()} it started. */
    private final ConcurrentHashMap<Thread, Long> busySince = new ConcurrentHashMap<>();

    /**
     * {@code size} threads; Vert.x logs the stack of a task still running after {@code deadline}, which no task
     * should be, since each stops at its operation's deadline.
     */
    public PreparationWorkers(Vertx vertx, int size, Duration deadline) {
        this.size = size;
        this.pool = vertx.createSharedWorkerExecutor("throughline-preparation", size, deadline.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    @Override
    public void execute(Runnable task) {
        pool.executeBlocking(() -> {
            Thread worker = Thread.currentThread();
            busySince.put(worker, System.nanoTime());
            try {
                task.run();
            } finally {
                busySince.remove(worker);
            }
            return null;
        }, false);
    }

    public int size() {
        return size;
    }

    /** How many workers are at a task now. */
    public int busy() {
        return busySince.size();
    }

    /** How many workers have been at one task for longer than {@code limit}. */
    public int busyLongerThan(Duration limit) {
        long now = System.nanoTime();
        return (int) busySince.values().stream().filter(since -> now - since > limit.toNanos()).count();
    }

    @Override
    public void close() {
        pool.close();
    }
}
