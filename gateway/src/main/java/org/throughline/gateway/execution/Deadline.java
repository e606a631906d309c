package org.throughline.gateway.execution;

import java.time.Duration;

/**
 * When one operation must be answered by: counted from its arrival, through waiting for its turn, parsing,
 * validation, limits, planning and every fetch. Work that may take long looks at it at its checkpoints and stops
 * once it has passed, so that a request past its deadline frees its thread.
 */
public final class Deadline {

    /** Thrown at a checkpoint past the deadline: the operation is answered {@code GATEWAY_TIMEOUT}. */
    static final class Passed extends RuntimeException {
        Passed() {
            super("the operation's deadline has passed", null, false, false);
        }
    }

    private final Duration budget;
    private final long endNanos;

    private Deadline(Duration budget, long startNanos) {
        this.budget = budget;
        this.endNanos = startNanos + budget.toNanos();
    }

    /** A deadline {@code budget} from now. */
    public static Deadline after(Duration budget) {
        return new Deadline(budget, System.nanoTime());
    }

    /** The time the operation was given in all. */
    public Duration budget() {
        return budget;
    }

    public boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** What is left of it, never negative. */
    public long remainingNanos() {
        return Math.max(0, endNanos - System.nanoTime());
    }

    /** A checkpoint: throws {@link Passed} once the deadline has passed. */
    public void check() {
        if (passed()) {
            throw new Passed();
        }
    }
}
