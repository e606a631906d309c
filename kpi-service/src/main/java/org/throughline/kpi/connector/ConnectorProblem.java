package org.throughline.kpi.connector;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** A row a run could not record, and why. */
@Description("A source row a run could not record: its number in what the source returned (from 1), and why.")
public class ConnectorProblem {
    @NonNull
    public Integer row;
    @NonNull
    public String message;

    public ConnectorProblem() {
    }

    public ConnectorProblem(int row, String message) {
        this.row = row;
        this.message = message;
    }
}
