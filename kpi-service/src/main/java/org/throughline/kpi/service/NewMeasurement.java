package org.throughline.kpi.service;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.kpi.MeasurementSource;

import java.time.LocalDate;

/** What a steward, an import or another system supplies to record one KPI value. */
@Input("NewMeasurement")
@Description("A KPI value for a business day. Give an idempotencyKey when the call may be retried.")
public class NewMeasurement {
    @NonNull
    @Id
    public String kpiId;
    public double value;
    @NotNull
    @NonNull
    public LocalDate observedAt;
    @DefaultValue("MANUAL")
    public MeasurementSource source;
    @Size(max = 200)
    public String recordedBy;
    // A client sending "" for "no key" would otherwise see all its measurements collapse into the first one.
    @Pattern(regexp = ".*\\S.*", message = "must not be blank")
    @Size(max = 200)
    @Description("A key the client chooses per measurement; a retry with the same key records nothing new.")
    public String idempotencyKey;
}
