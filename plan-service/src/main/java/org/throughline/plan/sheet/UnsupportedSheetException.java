package org.throughline.plan.sheet;

/** A file that is neither CSV nor XLSX (an old binary .xls, a PDF). */
public class UnsupportedSheetException extends Exception {
    public UnsupportedSheetException(String message) {
        super(message);
    }
}
