package org.throughline.kpi.analytics;

import org.junit.jupiter.api.Test;
import org.throughline.kpi.Direction;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.KpiStatus;
import org.throughline.kpi.Trend;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Each formula against values worked out by hand. Both KPIs run from 2026-01-01 to 2026-07-01, 181 days; on 2026-04-01
 * 90 of them have passed.
 */
class KpiCalculatorTest {

    private static final double EXACT = 1e-9;
    private static final LocalDate APRIL_FIRST = LocalDate.of(2026, 4, 1);

    /** Quotes priced in-system: 35 % to 95 %, AT_RISK beyond 6 points behind plan, OFF_TRACK beyond 15. */
    private static Kpi share() {
        return kpi(Direction.HIGHER_IS_BETTER, "35", "95", "6", "15");
    }

    /** Quote turnaround: 20 hours down to 8, AT_RISK beyond 1 hour behind plan, OFF_TRACK beyond 3. */
    private static Kpi turnaround() {
        return kpi(Direction.LOWER_IS_BETTER, "20", "8", "1", "3");
    }

    private static Kpi kpi(Direction direction, String baseline, String target, String atRisk, String offTrack) {
        Kpi kpi = new Kpi();
        kpi.direction = direction;
        kpi.baselineValue = new BigDecimal(baseline);
        kpi.baselineDate = LocalDate.of(2026, 1, 1);
        kpi.targetValue = new BigDecimal(target);
        kpi.targetDate = LocalDate.of(2026, 7, 1);
        kpi.atRiskTolerance = new BigDecimal(atRisk);
        kpi.offTrackTolerance = new BigDecimal(offTrack);
        return kpi;
    }

    private static KpiCalculator.Facts value(LocalDate day, String value) {
        return new KpiCalculator.Facts(day, new BigDecimal(value), null, null, 1);
    }

    @Test
    void thePlannedValueIsTheBaselineBeforeTheTargetAfterAndTheStraightLineBetween() {
        Kpi kpi = share();
        assertEquals(35, KpiCalculator.plannedValueAt(kpi, LocalDate.of(2025, 12, 1)), EXACT);
        assertEquals(35, KpiCalculator.plannedValueAt(kpi, LocalDate.of(2026, 1, 1)), EXACT);
        // 35 + 60 * 90 / 181
        assertEquals(64.83425414364641, KpiCalculator.plannedValueAt(kpi, APRIL_FIRST), EXACT);
        assertEquals(95, KpiCalculator.plannedValueAt(kpi, LocalDate.of(2026, 7, 1)), EXACT);
        assertEquals(95, KpiCalculator.plannedValueAt(kpi, LocalDate.of(2027, 3, 1)), EXACT);
        // 20 - 12 * 90 / 181
        assertEquals(14.033149171270718, KpiCalculator.plannedValueAt(turnaround(), APRIL_FIRST), EXACT);
    }

    @Test
    void varianceAttainmentAndStatusOfAHigherIsBetterKpi() {
        KpiAnalytics behind = KpiCalculator.analyse(share(), value(APRIL_FIRST, "55"), APRIL_FIRST);
        assertEquals(55, behind.currentValue(), EXACT);
        assertEquals(64.83425414364641, behind.plannedValue(), EXACT);
        assertEquals(-9.83425414364641, behind.variance(), EXACT);
        assertEquals(20.0 / 60, behind.attainment(), EXACT);
        assertEquals(KpiStatus.AT_RISK, behind.status());
        assertEquals(KpiStatus.ON_TRACK, KpiCalculator.analyse(share(), value(APRIL_FIRST, "60"), APRIL_FIRST).status());
        assertEquals(KpiStatus.OFF_TRACK, KpiCalculator.analyse(share(), value(APRIL_FIRST, "45"), APRIL_FIRST).status());
    }

    @Test
    void aLowerIsBetterKpiIsBehindWhenItIsAbovePlanAndAttainsByFalling() {
        KpiAnalytics slow = KpiCalculator.analyse(turnaround(), value(APRIL_FIRST, "17"), APRIL_FIRST);
        assertEquals(2.966850828729282, slow.variance(), EXACT);
        assertEquals(0.25, slow.attainment(), EXACT);     // (17 - 20) / (8 - 20)
        assertEquals(KpiStatus.AT_RISK, slow.status());   // 2.97 hours behind: beyond 1, within 3
        assertEquals(KpiStatus.ON_TRACK, KpiCalculator.analyse(turnaround(), value(APRIL_FIRST, "14"), APRIL_FIRST).status());
        assertEquals(KpiStatus.OFF_TRACK, KpiCalculator.analyse(turnaround(), value(APRIL_FIRST, "18"), APRIL_FIRST).status());
        KpiAnalytics worse = KpiCalculator.analyse(turnaround(), value(APRIL_FIRST, "22"), APRIL_FIRST);
        assertEquals(-2.0 / 12, worse.attainment(), EXACT);
    }

    @Test
    void afterTheTargetDateTheTargetIsThePlanAndABandIsInclusive() {
        LocalDate september = LocalDate.of(2026, 9, 1);
        KpiAnalytics late = KpiCalculator.analyse(turnaround(), value(september, "9"), september);
        assertEquals(8, late.plannedValue(), EXACT);
        assertEquals(1, late.variance(), EXACT);
        assertEquals(KpiStatus.ON_TRACK, late.status());  // exactly 1 hour behind: still inside the band
        assertEquals(KpiStatus.AT_RISK, KpiCalculator.analyse(turnaround(), value(september, "9.01"), september).status());
    }

    @Test
    void theTrendForecastsTheValueAtTheTargetDate() {
        // 2000-01-01 to 2026-07-01: 26 years with 7 leap days, plus 181 days = 9678 days.
        KpiCalculator.Facts facts = new KpiCalculator.Facts(APRIL_FIRST, new BigDecimal("55"), 0.5, -4800.0, 12);
        KpiAnalytics analytics = KpiCalculator.analyse(share(), facts, APRIL_FIRST);
        assertEquals(0.5, analytics.trendPerDay(), EXACT);
        assertEquals(12, analytics.trendPoints());
        assertEquals(39, analytics.forecastAtTarget(), EXACT);  // -4800 + 0.5 * 9678
    }

    @Test
    void theTrendIsReadInTheKpisOwnDirectionWithABandForStandingStill() {
        // Turnaround runs 20 -> 8 hours (a distance of 12): four weeks at +0.25 h/day is +7 h, the wrong way.
        KpiCalculator.Facts rising = new KpiCalculator.Facts(APRIL_FIRST, new BigDecimal("27"), 0.25, 0.0, 8);
        assertEquals(Trend.WORSENING, KpiCalculator.analyse(turnaround(), rising, APRIL_FIRST).trend());
        // The same slope on the in-system share (35 -> 95 %) is a rise: improving.
        assertEquals(Trend.IMPROVING, KpiCalculator.analyse(share(), rising, APRIL_FIRST).trend());
        // Four weeks at 0.008 h/day are 0.224 h, under 2 % of 12 h (0.24 h): standing still.
        KpiCalculator.Facts flat = new KpiCalculator.Facts(APRIL_FIRST, new BigDecimal("17"), 0.008, 0.0, 8);
        assertEquals(Trend.STABLE, KpiCalculator.analyse(turnaround(), flat, APRIL_FIRST).trend());
        // One value makes no trend.
        assertNull(KpiCalculator.analyse(turnaround(), value(APRIL_FIRST, "17"), APRIL_FIRST).trend());
    }

    @Test
    void aForecastStopsAtTheValidRange() {
        Kpi kpi = share();
        kpi.validMin = BigDecimal.ZERO;
        kpi.validMax = new BigDecimal("100");
        KpiCalculator.Facts falling = new KpiCalculator.Facts(APRIL_FIRST, new BigDecimal("18"), -0.5, 4800.0, 8);
        assertEquals(0, KpiCalculator.analyse(kpi, falling, APRIL_FIRST).forecastAtTarget(), EXACT);  // 4800 - 4839
        KpiCalculator.Facts rising = new KpiCalculator.Facts(APRIL_FIRST, new BigDecimal("90"), 0.5, -4600.0, 8);
        assertEquals(100, KpiCalculator.analyse(kpi, rising, APRIL_FIRST).forecastAtTarget(), EXACT);  // -4600 + 4839
        kpi.validMin = null;
        assertEquals(-39, KpiCalculator.analyse(kpi, falling, APRIL_FIRST).forecastAtTarget(), EXACT);
    }

    @Test
    void aSinglePointHasAValueButNoTrend() {
        KpiAnalytics single = KpiCalculator.analyse(share(),
                new KpiCalculator.Facts(APRIL_FIRST, new BigDecimal("60"), null, null, 1), APRIL_FIRST);
        assertEquals(60, single.currentValue(), EXACT);
        assertNull(single.trendPerDay());
        assertNull(single.forecastAtTarget());
        assertEquals(1, single.trendPoints());
    }

    @Test
    void noPointsIsNoDataWithNothingMadeUp() {
        KpiAnalytics none = KpiCalculator.analyse(share(), KpiCalculator.Facts.none(), APRIL_FIRST);
        assertEquals(KpiStatus.NO_DATA, none.status());
        assertEquals(APRIL_FIRST, none.day());
        assertNull(none.currentValue());
        assertNull(none.plannedValue());
        assertNull(none.variance());
        assertNull(none.attainment());
        assertNull(none.trendPerDay());
    }
}
