package org.throughline.kpi.connector.source;

import java.time.LocalDate;
import java.util.function.Consumer;

/** Reads a source's rows for a window of business days, one at a time, handing over rows and rows it cannot use. */
public interface SourceReader {

    /** A row of the source that cannot be used, with its number and why. */
    record Unusable(long number, String message) {
    }

    /** Reads every row of the window; returns how many the source returned. Fails with the source's problem. */
    long read(LocalDate from, LocalDate to, Consumer<SourceRow> rows, Consumer<Unusable> unusable)
            throws SourceException;
}
