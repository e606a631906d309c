package org.throughline.kpi.connector;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.kpi.ingest.BatchIngestion.PulledAction;

import java.time.LocalDate;

/** One value a dry run pulled, and what a run would do with it. */
@Description("A value a dry run pulled and what a real run would do with it: record a new day, correct the day's "
        + "value, or nothing (the same value is recorded).")
public class ConnectorValue {
    @NonNull
    @Id
    public String kpiId;
    @NonNull
    public LocalDate day;
    @NonNull
    public Double value;
    @NonNull
    public PulledAction action;
}
