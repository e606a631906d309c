package org.throughline.kpi.service;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.kpi.MeasurementSource;

import java.time.LocalDate;

/** What a steward, an import or another system supplies to record one KPI value. */
@Input("NewMeasurement")
@Description("A KPI value for a business day that has begun in the KPI's time zone, within the KPI's valid range. "
        + "Give an idempotencyKey when the call may be retried. Who recorded it is taken from the caller's identity.")
public class NewMeasurement {
    @NonNull
    @Id
    public String kpiId;
    @NonNull
    public Double value;
    @NonNull
    public LocalDate observedAt;
    @DefaultValue("MANUAL")
    public MeasurementSource source;
    @Description("A key the client chooses per measurement, at most 200 characters; a retry with the same key records nothing new.")
    public String idempotencyKey;
}
