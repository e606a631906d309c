package org.throughline.governance.signal;

/** What a signal is about: each episode has one subject, and may concern further items. */
public enum SubjectType {
    INITIATIVE, MILESTONE, KPI, COMMITMENT
}
