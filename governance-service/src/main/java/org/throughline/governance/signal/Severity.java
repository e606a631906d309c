package org.throughline.governance.signal;

/** How urgently a signal wants attention; lists show the most severe first. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW
}
