package org.throughline.kpi.ingest;

/** How a measurement batch is written: JSON lines (application/x-ndjson) or CSV with a header (text/csv). */
public enum BatchFormat {
    JSON_LINES, CSV
}
