package org.throughline.kpi.ingest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of a bulk batch that cannot be recorded, and why. */
@Schema(description = "A row of a measurement batch that cannot be recorded: its number (the line for JSON lines, the "
        + "row with the header as row 1 for CSV) and why.")
public record RowProblem(long row, String message) {
}
