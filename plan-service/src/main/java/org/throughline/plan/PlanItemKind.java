package org.throughline.plan;

/** The kinds of plan item whose changes are kept as revisions. */
public enum PlanItemKind {
    INITIATIVE, WORKSTREAM, MILESTONE
}
