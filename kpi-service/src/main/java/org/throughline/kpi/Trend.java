package org.throughline.kpi;

/**
 * Which way a KPI is heading, in its own direction: the trend line's slope over four weeks, against the distance
 * from baseline to target. STABLE when four weeks at this slope cover less than 2 % of that distance.
 */
public enum Trend {
    IMPROVING, STABLE, WORSENING;

    /** The share of the baseline-to-target distance that four weeks must cover to count as a movement. */
    static final double STABLE_BAND = 0.02;
    static final int WINDOW_DAYS = 28;

    /** The trend of a slope per day for a KPI heading from baseline to target in this direction. */
    public static Trend of(double slopePerDay, Direction direction, double baseline, double target) {
        double distance = Math.abs(target - baseline);
        double moved = slopePerDay * WINDOW_DAYS;
        if (distance == 0 ? moved == 0 : Math.abs(moved) < STABLE_BAND * distance) {
            return STABLE;
        }
        boolean up = moved > 0;
        return up == (direction == Direction.HIGHER_IS_BETTER) ? IMPROVING : WORSENING;
    }
}
