package org.throughline.governance.signoff;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A sign-off as recorded, and what it did to the milestone. */
@Type("EffectSignOffResult")
@Description("A recorded sign-off and where the milestone's effect stands after it.")
public class SignOffResult {

    @NonNull
    public final EffectSignOff signOff;

    @NonNull
    public final EffectSignOffState milestoneSignOff;

    @NonNull
    @Description("True when plan-service holds the milestone at EFFECT_PROVEN. False with nothing awaited means "
            + "plan-service could not be reached: the proof is retried at the next evaluation.")
    public final boolean effectProven;

    public SignOffResult(EffectSignOff signOff, EffectSignOffState milestoneSignOff, boolean effectProven) {
        this.signOff = signOff;
        this.milestoneSignOff = milestoneSignOff;
        this.effectProven = effectProven;
    }
}
