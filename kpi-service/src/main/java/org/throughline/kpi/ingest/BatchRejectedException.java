package org.throughline.kpi.ingest;

import java.util.List;

/** A batch with rows that cannot be recorded: none of it was, and here is why, row by row. */
public class BatchRejectedException extends Exception {

    private final List<RowProblem> problems;
    private final long total;

    public BatchRejectedException(List<RowProblem> problems, long total) {
        super(total + " row(s) of the batch cannot be recorded");
        this.problems = List.copyOf(problems);
        this.total = total;
    }

    public List<RowProblem> problems() {
        return problems;
    }

    /** How many problems there were in all; {@link #problems()} lists the first of them. */
    public long total() {
        return total;
    }
}
