package org.throughline.plan.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.throughline.subgraph.FieldChange;

import java.util.List;

/** What an import did, or in a dry run would do: counts, and the rows it changed with their field changes. */
@Schema(description = "What a plan import changed (or, in a dry run, would change).")
public record ImportReport(
        @Schema(description = "True when nothing was written.") boolean dryRun,
        int rows,
        int milestonesCreated,
        int milestonesUpdated,
        int milestonesUnchanged,
        List<String> workstreamsCreated,
        List<String> workstreamsUpdated,
        @Schema(description = "Each row that creates or changes a milestone; an update lists its field changes.")
        List<RowChange> changes) {

    @Schema(description = "A row that creates or changes a milestone.")
    public record RowChange(int row, String key, Action action, List<FieldChange> fields) {
    }

    public enum Action {
        CREATED, UPDATED
    }
}
