package org.throughline.governance.signal;

/** A signal's condition that holds now, on one subject, with the items it concerns and the figures in words. */
record Condition(SignalKind kind, Severity severity, SubjectType subjectType, String subjectId, String initiativeId,
                 String milestoneId, String kpiId, Long commitmentId, String message) {

    String identity() {
        return identity(kind, subjectType, subjectId);
    }

    /** The key that matches an open episode with the condition that holds now. */
    static String identity(SignalKind kind, SubjectType subjectType, String subjectId) {
        return kind + "/" + subjectType + "/" + subjectId;
    }
}
