package org.throughline.kpi.ingest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a batch recorded; a retry of a recorded batch gets the same report, marked as replayed. */
@Schema(description = "What a measurement batch recorded.")
public record BatchReport(
        String batchKey,
        @Schema(description = "Rows in the batch.") long rows,
        @Schema(description = "Measurements recorded by this batch.") long recorded,
        @Schema(description = "Rows whose key an earlier call had already recorded: not counted twice.") long alreadyRecorded,
        @Schema(description = "True when this batch key was recorded before and nothing new was written.") boolean replayed) {
}
