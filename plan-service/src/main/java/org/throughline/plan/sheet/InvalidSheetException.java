package org.throughline.plan.sheet;

import java.util.List;

/** A spreadsheet that cannot be imported as it is; every problem found is listed, and nothing was written. */
public class InvalidSheetException extends Exception {

    private final List<SheetProblem> problems;

    public InvalidSheetException(List<SheetProblem> problems) {
        super(problems.size() + " problem(s) in the plan spreadsheet");
        this.problems = List.copyOf(problems);
    }

    public InvalidSheetException(SheetProblem problem) {
        this(List.of(problem));
    }

    public List<SheetProblem> problems() {
        return problems;
    }
}
