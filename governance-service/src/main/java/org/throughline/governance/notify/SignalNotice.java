package org.throughline.governance.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a mail or a webhook tells of one signal episode, read with the delivery. */
record SignalNotice(long signalId, String kind, String severity, String subjectType, String subjectId,
                    String initiativeId, String milestoneId, String kpiId, Long commitmentId, String message,
                    OffsetDateTime raisedAt, OffsetDateTime clearedAt) {

    /** The columns {@link #read} expects, of the table {@code signal} aliased {@code s}. */
    static final String COLUMNS = "s.id as signal_id, s.kind, s.severity, s.subject_type, s.subject_id, "
            + "s.initiative_id, s.milestone_id, s.kpi_id, s.commitment_id, s.message, s.raised_at, s.cleared_at";

    static SignalNotice read(ResultSet row) throws SQLException {
        long commitment = row.getLong("commitment_id");
        return new SignalNotice(row.getLong("signal_id"), row.getString("kind"), row.getString("severity"),
                row.getString("subject_type"), row.getString("subject_id"), row.getString("initiative_id"),
                row.getString("milestone_id"), row.getString("kpi_id"), row.wasNull() ? null : commitment,
                row.getString("message"), row.getObject("raised_at", OffsetDateTime.class),
                row.getObject("cleared_at", OffsetDateTime.class));
    }

    /** The signal as a webhook's body carries it: ids as strings, as the GraphQL API gives them. */
    Map<String, Object> json() {
        Map<String, Object> signal = new LinkedHashMap<>();
        signal.put("id", Long.toString(signalId));
        signal.put("kind", kind);
        signal.put("severity", severity);
        signal.put("subjectType", subjectType);
        signal.put("subjectId", subjectId);
        signal.put("initiativeId", initiativeId);
        signal.put("milestoneId", milestoneId);
        signal.put("kpiId", kpiId);
        signal.put("commitmentId", commitmentId == null ? null : commitmentId.toString());
        signal.put("message", message);
        signal.put("raisedAt", raisedAt.toString());
        signal.put("clearedAt", clearedAt == null ? null : clearedAt.toString());
        return signal;
    }

    /** The items concerned, in words: "commitment 3, milestone 5, KPI 2, initiative 1". */
    String concerns() {
        StringBuilder about = new StringBuilder(subjectType.toLowerCase()).append(' ').append(subjectId);
        if (milestoneId != null && !"MILESTONE".equals(subjectType)) {
            about.append(", milestone ").append(milestoneId);
        }
        if (kpiId != null && !"KPI".equals(subjectType)) {
            about.append(", KPI ").append(kpiId);
        }
        if (initiativeId != null && !"INITIATIVE".equals(subjectType)) {
            about.append(", initiative ").append(initiativeId);
        }
        return about.toString().replace("kpi ", "KPI ");
    }
}
