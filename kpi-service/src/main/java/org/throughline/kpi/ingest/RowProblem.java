package org.throughline.kpi.ingest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of a bulk batch that cannot be recorded, where (the row, and the column of the cell) and why. */
@Schema(description = "A row of a measurement batch that cannot be recorded: its number (the line for JSON lines, the "
        + "row with the header as row 1 for CSV), the column of the cell at fault (as the batch names it: observed_at "
        + "in CSV, observedAt in JSON lines; null for a problem with the whole row), a code as GraphQL errors have "
        + "(observed-in-future, value-out-of-range, kpi-not-found, idempotency-key-reused, bad-input) and why.")
public record RowProblem(long row, String column, String code, String message) {

    /** A problem with the whole row (or file), not one cell of it. */
    public RowProblem(long row, String message) {
        this(row, null, BAD_INPUT, message);
    }

    static final String BAD_INPUT = "bad-input";
}
