package org.throughline.kpi.analytics;

import org.throughline.kpi.Direction;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.KpiStatus;
import org.throughline.kpi.Trend;
import org.throughline.subgraph.Trajectory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The arithmetic of KPI analytics, on numbers the database already reduced (the latest value, a fitted line), so that
 * each formula can be checked by hand. Days on the trend line are counted from {@link #EPOCH}, as in the SQL.
 */
public final class KpiCalculator {

    /** Day zero of the trend line's x axis; the SQL that fits the line uses the same. */
    public static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);

    private KpiCalculator() {
    }

    /** The latest value of a KPI and the line fitted to its window, as the database computed them. */
    public record Facts(LocalDate observedAt, BigDecimal value, Double slope, Double intercept, int points) {

        public static Facts none() {
            return new Facts(null, null, null, null, 0);
        }
    }

    /** The planned value on a day: the baseline before it, the target after it, the straight line in between. */
    public static double plannedValueAt(Kpi kpi, LocalDate day) {
        return Trajectory.valueOn(kpi.baselineDate, kpi.baselineValue.doubleValue(), kpi.targetDate,
                kpi.targetValue.doubleValue(), day);
    }

    public static KpiAnalytics analyse(Kpi kpi, Facts facts, LocalDate day) {
        boolean trend = facts.points() >= 2 && facts.slope() != null && facts.intercept() != null;
        Double trendPerDay = trend ? facts.slope() : null;
        Trend heading = trend ? Trend.of(facts.slope(), kpi.direction, kpi.baselineValue.doubleValue(),
                kpi.targetValue.doubleValue()) : null;
        Double forecast = trend ? withinValidRange(kpi,
                facts.intercept() + facts.slope() * ChronoUnit.DAYS.between(EPOCH, kpi.targetDate)) : null;
        if (facts.value() == null) {
            return new KpiAnalytics(day, null, null, null, null, null, trendPerDay, heading, facts.points(), forecast,
                    KpiStatus.NO_DATA);
        }
        double current = facts.value().doubleValue();
        double planned = plannedValueAt(kpi, facts.observedAt());
        double baseline = kpi.baselineValue.doubleValue();
        double attainment = (current - baseline) / (kpi.targetValue.doubleValue() - baseline);
        return new KpiAnalytics(day, current, facts.observedAt(), planned, current - planned, attainment, trendPerDay,
                heading, facts.points(), forecast, status(kpi, current, planned));
    }

    /** A straight line runs past what a KPI can be (a share below 0 %); a forecast stops at the valid range. */
    private static double withinValidRange(Kpi kpi, double value) {
        if (kpi.validMin != null && value < kpi.validMin.doubleValue()) {
            return kpi.validMin.doubleValue();
        }
        return kpi.validMax != null && value > kpi.validMax.doubleValue() ? kpi.validMax.doubleValue() : value;
    }

    /**
     * How far behind plan the value is, in the KPI's direction, against the tolerance bands. A value exactly on a band
     * is still inside it; the slack absorbs the rounding of the straight line, not real differences.
     */
    public static KpiStatus status(Kpi kpi, double current, double planned) {
        double behind = kpi.direction == Direction.HIGHER_IS_BETTER ? planned - current : current - planned;
        double slack = 1e-9 * Math.max(1, Math.abs(kpi.targetValue.doubleValue() - kpi.baselineValue.doubleValue()));
        if (behind <= kpi.atRiskTolerance.doubleValue() + slack) {
            return KpiStatus.ON_TRACK;
        }
        return behind <= kpi.offTrackTolerance.doubleValue() + slack ? KpiStatus.AT_RISK : KpiStatus.OFF_TRACK;
    }
}
