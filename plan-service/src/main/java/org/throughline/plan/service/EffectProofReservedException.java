package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** Only governance, once the KPI owners have signed the effect off, moves a milestone to EFFECT_PROVEN. */
@ErrorCode("effect-proof-reserved")
public class EffectProofReservedException extends RejectedInputException {
    public EffectProofReservedException() {
        super("stageGate", "EFFECT_PROVEN is set by governance when the owners of the tethered KPIs have signed the "
                + "effect off, not by a plan change.");
    }
}
