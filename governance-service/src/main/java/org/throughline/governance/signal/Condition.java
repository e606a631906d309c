package org.throughline.governance.signal;

/** A signal's condition that holds now, on one subject, with the items it concerns and the figures in words. */
record Condition(SignalKind kind, Severity severity, SubjectType subjectType, String subjectId, String initiativeId,
                 String milestoneId, String kpiId, Long commitmentId, String message) {

    String identity() {
        return kind + "/" + subjectType + "/" + subjectId;
    }
}
