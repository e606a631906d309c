package org.throughline.governance.outcome;

import org.throughline.governance.OutcomeCommitment;
import org.throughline.subgraph.Trajectory;

import java.time.LocalDate;

/** The arithmetic of outcome deltas, on facts already read, so that each formula can be checked by hand. */
public final class OutcomeCalculator {

    private OutcomeCalculator() {
    }

    /** The KPI as the commitment needs it: where it started (its baseline) and where it is now. */
    public record KpiPosition(double baselineValue, LocalDate baselineDate, Double currentValue, LocalDate observedAt) {
    }

    /** The value on the committed trajectory on a day: the baseline before it starts, the promise once it is due. */
    public static double expectedValueOn(OutcomeCommitment commitment, KpiPosition kpi, LocalDate day) {
        return Trajectory.valueOn(kpi.baselineDate(), kpi.baselineValue(), commitment.dueDate, commitment.expectedValue,
                day);
    }

    public static OutcomeDelta delta(OutcomeCommitment commitment, KpiPosition kpi, LocalDate day) {
        double expected = expectedValueOn(commitment, kpi, day);
        if (kpi.currentValue() == null) {
            return new OutcomeDelta(day, expected, null, null, null, null, null, null);
        }
        double delta = expected - kpi.currentValue();
        double move = commitment.expectedValue - kpi.baselineValue();
        // Dividing by the signed move makes "behind" positive for a KPI that must rise and for one that must fall.
        Double normalised = move == 0 ? null : delta / move;
        return new OutcomeDelta(day, expected, kpi.currentValue(), kpi.observedAt(), delta, normalised,
                normalised == null ? null : 1 - normalised, null);
    }
}
