package org.throughline.governance.outcome;

import org.eclipse.microprofile.graphql.Description;
import org.throughline.governance.client.Freshness;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** How much of what its commitments promised for today a milestone, workstream or initiative has realised. */
@Type("OutcomeRealisation")
@Description("The realisation of the active commitments of a milestone, workstream or initiative: their mean and "
        + "their worst, over those whose KPI has been measured.")
public record OutcomeRealisation(
        @NonNull @Description("Active commitments.") int commitments,
        @NonNull @Description("Of them, the ones whose KPI has a current value.") int measured,
        @Description("The mean realisation of the measured ones; null when none is.") Double realisation,
        @Description("The lowest realisation among them.") Double worstRealisation,
        @Description("How fresh the plan and KPI facts behind it are: live, or as last read while a service could not "
                + "answer. Null in a review's frozen snapshot, whose figures were read live when it was published.")
        Freshness freshness) {

    /** The realisation of the deltas, computed from facts of the given freshness (null when read live for a review). */
    public static OutcomeRealisation of(java.util.List<OutcomeDelta> deltas, Freshness facts) {
        var measured = deltas.stream().map(OutcomeDelta::realisation).filter(java.util.Objects::nonNull).toList();
        return new OutcomeRealisation(deltas.size(), measured.size(),
                measured.isEmpty() ? null : measured.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                measured.isEmpty() ? null : measured.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                facts);
    }
}
