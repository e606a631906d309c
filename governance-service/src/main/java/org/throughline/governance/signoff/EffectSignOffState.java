package org.throughline.governance.signoff;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.throughline.governance.reference.Kpi;

import java.util.List;

/** Where a milestone's effect sign-off stands: who signed off, which KPI owners have still to. */
@Type("EffectSignOffState")
@Description("Where the sign-off of a milestone's effect stands: given by the owners of some tethered KPIs, awaited "
        + "from the others. When every tethered KPI's owner has signed off, governance moves the milestone to "
        + "EFFECT_PROVEN.")
public class EffectSignOffState {

    @NonNull
    @Description("The sign-offs of the milestone's active commitments, oldest first.")
    public final List<@NonNull EffectSignOff> signOffs;

    @NonNull
    @Description("The tethered KPIs whose owners have not signed the effect off yet.")
    public final List<@NonNull Kpi> awaitingSignOff;

    public EffectSignOffState(List<EffectSignOff> signOffs, List<Kpi> awaitingSignOff) {
        this.signOffs = signOffs;
        this.awaitingSignOff = awaitingSignOff;
    }

    @NonNull
    @Description("True when the milestone has active commitments and the owner of every tethered KPI signed off.")
    public boolean isComplete() {
        return !signOffs.isEmpty() && awaitingSignOff.isEmpty();
    }
}
