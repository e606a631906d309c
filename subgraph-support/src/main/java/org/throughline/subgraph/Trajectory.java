package org.throughline.subgraph;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A straight line from a value on one day to another value on a later day: a KPI's plan from baseline to target, a
 * commitment's promise from the KPI's baseline to the expected value. One formula, so that every service agrees.
 */
public final class Trajectory {

    private Trajectory() {
    }

    /** The value on the day: the start value until the start, the end value from the end on, the line in between. */
    public static double valueOn(LocalDate startDay, double startValue, LocalDate endDay, double endValue,
                                 LocalDate day) {
        if (!day.isAfter(startDay)) {
            return startValue;
        }
        if (!day.isBefore(endDay)) {
            return endValue;
        }
        double elapsed = ChronoUnit.DAYS.between(startDay, day);
        double span = ChronoUnit.DAYS.between(startDay, endDay);
        return startValue + (endValue - startValue) * elapsed / span;
    }
}
