package org.throughline.kpi;

/** A LEAD measure moves early and is what milestones are tethered to; a LAG measure shows the result later. */
public enum KpiKind {
    LEAD, LAG
}
