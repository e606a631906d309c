package org.throughline.benchmark.load;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/** The answers to one question in one phase: their latencies, how many were wrong, and the first wrong one's text. */
final class QuestionTally {

    private final Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(2), 3);
    private long errors;
    private String firstError;

    /** One answer, {@code problem} null when it was right. */
    synchronized void record(long nanos, String problem) {
        latencies.recordValue(Math.min(nanos, latencies.getHighestTrackableValue()));
        if (problem != null) {
            errors++;
            if (firstError == null) {
                firstError = problem;
            }
        }
    }

    synchronized long requests() {
        return latencies.getTotalCount();
    }

    synchronized long errors() {
        return errors;
    }

    synchronized String firstError() {
        return firstError;
    }

    /** The latency at a percentile, in milliseconds; 0 when nothing was asked. */
    synchronized double percentileMillis(double percentile) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1e6;
    }

    /** This tally and {@code other} together. */
    synchronized QuestionTally plus(QuestionTally other) {
        QuestionTally sum = new QuestionTally();
        sum.latencies.add(latencies);
        sum.errors = errors;
        sum.firstError = firstError;
        synchronized (other) {
            sum.latencies.add(other.latencies);
            sum.errors += other.errors;
            if (sum.firstError == null) {
                sum.firstError = other.firstError;
            }
        }
        return sum;
    }
}
