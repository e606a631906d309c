package org.throughline.plan;

/**
 * The degree of implementation of a milestone, in order. Moving one step forward is routine; skipping a step or going
 * back needs a reason. EFFECT_PROVEN is reached only when the owners of the KPIs a milestone is tethered to have
 * signed the effect off, which governance records.
 */
public enum StageGate {
    IDENTIFIED, PLANNED, DECIDED, IMPLEMENTED, EFFECT_PROVEN;

    /** True when moving here from {@code from} is the next step forward, which needs no reason. */
    public boolean isNextAfter(StageGate from) {
        return ordinal() == from.ordinal() + 1;
    }
}
