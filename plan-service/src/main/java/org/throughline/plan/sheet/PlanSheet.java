package org.throughline.plan.sheet;

import java.util.List;
import java.util.Map;

/** A plan spreadsheet as read: the column letter of each known column, and the data rows in order. */
public record PlanSheet(Map<PlanColumn, String> letters, List<SheetRow> rows) {

    public SheetRow.Cell cell(SheetRow row, PlanColumn column) {
        return row.cell(column);
    }
}
