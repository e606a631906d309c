package org.throughline.plan.sheet;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One thing wrong with a spreadsheet: where (row as the spreadsheet numbers it, column header, cell) and what. */
@Schema(description = "A problem in one cell, row or column of a plan spreadsheet.")
public record SheetProblem(
        @Schema(description = "The row as a spreadsheet program numbers it; the header is row 1.") Integer row,
        @Schema(description = "The column's header, or null for a problem with the whole row or file.") String column,
        @Schema(description = "The cell, such as F12, where one is concerned.") String cell,
        String message) {
}
