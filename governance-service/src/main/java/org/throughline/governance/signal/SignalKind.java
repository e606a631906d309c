package org.throughline.governance.signal;

/** The findings governance raises by itself, as PRODUCT.md defines them. */
public enum SignalKind {
    /** A milestone reports GREEN, or is DELIVERED, while a KPI it is tethered to is off track against the commitment. */
    PROGRESS_BIAS,
    /** A milestone that is not descoped has no active outcome commitment: installed, not implemented. */
    UNTETHERED_MILESTONE,
    /** An initiative, milestone, KPI or commitment has no accountable owner. */
    OWNERLESS,
    /** A KPI has no measurement within its cadence plus grace. */
    STALE_KPI,
    /** An open milestone slips past its baseline by more than its initiative tolerates. */
    SLIPPAGE,
    /** A commitment's due date has passed and its KPI has not reached the committed value. */
    OUTCOME_GAP,
    /** A connector that feeds a KPI from the system producing its values is failing: the KPI is no longer fed. */
    FEED_FAILING
}
