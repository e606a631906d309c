package org.throughline.governance.outcome;

import org.junit.jupiter.api.Test;
import org.throughline.governance.OutcomeCommitment;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each formula against values worked out by hand. The trajectories run 200 days, from day 0 to day 200. */
class OutcomeCalculatorTest {

    private static final double EXACT = 1e-9;
    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final LocalDate DAY_100 = START.plusDays(100);

    private static OutcomeCommitment promise(double expected) {
        OutcomeCommitment commitment = new OutcomeCommitment();
        commitment.expectedValue = expected;
        commitment.dueDate = START.plusDays(200);
        return commitment;
    }

    private static OutcomeCalculator.KpiPosition at(double baseline, Double current) {
        return new OutcomeCalculator.KpiPosition(baseline, START, current, DAY_100.minusDays(2));
    }

    @Test
    void theTrajectoryRunsFromTheKpisBaselineToThePromiseOnTheDueDate() {
        OutcomeCommitment commitment = promise(95);
        assertEquals(35, OutcomeCalculator.expectedValueOn(commitment, at(35, null), START.minusDays(9)), EXACT);
        assertEquals(35, OutcomeCalculator.expectedValueOn(commitment, at(35, null), START), EXACT);
        assertEquals(65, OutcomeCalculator.expectedValueOn(commitment, at(35, null), DAY_100), EXACT);   // halfway
        assertEquals(95, OutcomeCalculator.expectedValueOn(commitment, at(35, null), START.plusDays(300)), EXACT);
    }

    @Test
    void behindARisingPromiseIsAPositiveDelta() {
        OutcomeDelta delta = OutcomeCalculator.delta(promise(95), at(35, 55.0), DAY_100);
        assertEquals(65, delta.expectedValueToday(), EXACT);
        assertEquals(55, delta.actualValue(), EXACT);
        assertEquals(10, delta.delta(), EXACT);
        assertEquals(10.0 / 60, delta.normalisedDelta(), EXACT);
        assertEquals(1 - 10.0 / 60, delta.realisation(), EXACT);
        assertEquals(DAY_100.minusDays(2), delta.observedAt());
    }

    @Test
    void behindAFallingPromiseIsAPositiveNormalisedDeltaToo() {
        // Quote turnaround must fall from 20 to 8 hours: 14 expected today, 17 observed, 3 hours behind.
        OutcomeDelta delta = OutcomeCalculator.delta(promise(8), at(20, 17.0), DAY_100);
        assertEquals(14, delta.expectedValueToday(), EXACT);
        assertEquals(-3, delta.delta(), EXACT);
        assertEquals(0.25, delta.normalisedDelta(), EXACT);   // -3 / (8 - 20)
        assertEquals(0.75, delta.realisation(), EXACT);
        OutcomeDelta ahead = OutcomeCalculator.delta(promise(8), at(20, 11.0), DAY_100);
        assertEquals(-0.25, ahead.normalisedDelta(), EXACT);
        assertEquals(1.25, ahead.realisation(), EXACT);
    }

    @Test
    void noMeasurementIsNoDeltaAndAPromiseOfNoMoveHasNoShare() {
        OutcomeDelta unmeasured = OutcomeCalculator.delta(promise(95), at(35, null), DAY_100);
        assertEquals(65, unmeasured.expectedValueToday(), EXACT);
        assertNull(unmeasured.delta());
        assertNull(unmeasured.realisation());
        OutcomeDelta holdTheLine = OutcomeCalculator.delta(promise(35), at(35, 34.0), DAY_100);
        assertEquals(1, holdTheLine.delta(), EXACT);
        assertNull(holdTheLine.normalisedDelta());
    }

    @Test
    void aRollUpIsTheMeanAndTheWorstOfTheMeasuredCommitments() {
        OutcomeRealisation realisation = OutcomeRealisation.of(java.util.List.of(
                OutcomeCalculator.delta(promise(95), at(35, 55.0), DAY_100),    // 5/6
                OutcomeCalculator.delta(promise(8), at(20, 17.0), DAY_100),     // 3/4
                OutcomeCalculator.delta(promise(95), at(35, null), DAY_100)), null);  // not measured
        assertEquals(3, realisation.commitments());
        assertEquals(2, realisation.measured());
        assertEquals((5.0 / 6 + 0.75) / 2, realisation.realisation(), EXACT);
        assertEquals(0.75, realisation.worstRealisation(), EXACT);
    }
}
