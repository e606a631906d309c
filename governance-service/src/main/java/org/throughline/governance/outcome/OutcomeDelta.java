package org.throughline.governance.outcome;

import org.eclipse.microprofile.graphql.Description;
import org.throughline.governance.client.Freshness;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import java.time.LocalDate;

/** How far a commitment's KPI is from where the commitment said it would be today. */
@Type("OutcomeDelta")
@Description("The gap between what a commitment promised for today and what the KPI shows. The committed trajectory "
        + "runs in a straight line from the KPI's baseline to the expected value on the due date.")
public record OutcomeDelta(
        @NonNull @Description("The day the delta is for: today.") LocalDate day,
        @NonNull @Description("The value the committed trajectory reaches today.") double expectedValueToday,
        @Description("The KPI's current value; null before its first measurement.") Double actualValue,
        @Description("The business day of the current value.") LocalDate observedAt,
        @Description("Expected today minus actual, in the KPI's unit.") Double delta,
        @Description("The delta as a share of the committed move (expected value minus baseline): positive when "
                + "behind the trajectory, negative when ahead, whichever the KPI's direction.") Double normalisedDelta,
        @Description("1 minus the normalised delta: 1 on the trajectory, below 1 behind, above 1 ahead.")
        Double realisation,
        @Description("How fresh the KPI value behind it is: live, or as last read while kpi-service could not answer. "
                + "Null in a review's frozen snapshot, whose figures were read live when it was published.")
        Freshness freshness) {

    /** The same delta, computed from facts of the given freshness. */
    public OutcomeDelta from(Freshness facts) {
        return new OutcomeDelta(day, expectedValueToday, actualValue, observedAt, delta, normalisedDelta, realisation,
                facts);
    }
}
