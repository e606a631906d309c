package org.throughline.governance.outcome;

import org.eclipse.microprofile.graphql.Description;
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
        @Description("The lowest realisation among them.") Double worstRealisation) {

    public static OutcomeRealisation of(java.util.List<OutcomeDelta> deltas) {
        var measured = deltas.stream().map(OutcomeDelta::realisation).filter(java.util.Objects::nonNull).toList();
        return new OutcomeRealisation(deltas.size(), measured.size(),
                measured.isEmpty() ? null : measured.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                measured.isEmpty() ? null : measured.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    }
}
