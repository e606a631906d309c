package org.throughline.kpi.connector;

/**
 * How a run ended: its window recorded (or, in a dry run, checked); refused because rows cannot be recorded (nothing
 * was); or failed before it had rows to check (the source down, a credential refused, a query error, a mapping that
 * matches nothing).
 */
public enum RunOutcome {
    SUCCEEDED, REJECTED, FAILED
}
