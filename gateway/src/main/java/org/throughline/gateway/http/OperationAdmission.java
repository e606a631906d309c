package org.throughline.gateway.http;

import io.vertx.core.Context;

import java.util.ArrayDeque;

/**
 * Bounds how many operations the gateway runs at once. Each holds its subgraphs' parsed and merged answers until it
 * is written; under the benchmark's nested query a 512 MiB heap spent a third of its time in GC pauses at 200
 * connections, and throughput halved. Beyond {@code maxInFlight}, operations wait in arrival order, each started on
 * its own request's event loop when one finishes; beyond {@code maxQueued} waiting, they are refused (the route
 * answers 503), so that a burst cannot push the process into collecting garbage instead of answering.
 */
final class OperationAdmission {

    private final int maxInFlight;
    private final int maxQueued;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    OperationAdmission(int maxInFlight, int maxQueued) {
        if (maxInFlight < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("at least one operation in flight, and no negative queue");
        }
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
    }

    /**
     * Runs {@code start} now when fewer than the bound run, or later on {@code context} when one finishes; false,
     * without running it, when as many wait already. {@code start} must lead to exactly one {@link #finished()}.
     */
    boolean admit(Context context, Runnable start) {
        synchronized (this) {
            if (inFlight >= maxInFlight) {
                if (waiting.size() >= maxQueued) {
                    return false;
                }
                waiting.add(() -> context.runOnContext(ignored -> start.run()));
                return true;
            }
            inFlight++;
        }
        start.run();
        return true;
    }

    /** An admitted operation is answered: the next waiting one, if any, takes its place. */
    void finished() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    /** How many run and how many wait; for tests. */
    synchronized int[] counts() {
        return new int[] {inFlight, waiting.size()};
    }
}
