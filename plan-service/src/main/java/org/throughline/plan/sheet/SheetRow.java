package org.throughline.plan.sheet;

import java.time.LocalDate;
import java.util.Map;

/**
 * One data row of a spreadsheet: its number as the spreadsheet shows it and its cells by column. A cell has text (what
 * the user sees) and, for a date-formatted XLSX cell, the date it holds.
 */
public record SheetRow(int number, Map<PlanColumn, Cell> cells) {

    public record Cell(String text, LocalDate date) {
    }

    private static final Cell EMPTY = new Cell("", null);

    /** The cell of the column; an empty one where the row has none. */
    public Cell cell(PlanColumn column) {
        return cells.getOrDefault(column, EMPTY);
    }
}
