package org.throughline.kpi.ingest;

/** How a measurement batch is written: JSON lines (application/x-ndjson) or CSV with a header (text/csv). */
public enum BatchFormat {
    JSON_LINES, CSV;

    /** The column of a row's field as this format names it: {@code observedAt} in JSON lines, observed_at in CSV. */
    public String column(String field) {
        return this == JSON_LINES ? field : field.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }
}
