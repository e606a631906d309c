package org.throughline.plan;

/** Lifecycle of a transformation programme. There is no COMPLETED: transformation is a permanent state. */
public enum InitiativeStatus {
    ACTIVE, ON_HOLD, RETIRED
}
