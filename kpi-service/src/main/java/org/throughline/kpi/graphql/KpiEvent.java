package org.throughline.kpi.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.throughline.kpi.Kpi;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A change to a KPI, as a subscriber receives it. */
@Type("KpiEvent")
@Description("A change to a KPI at the moment it happened: a value recorded or corrected (one by one, or a batch), "
        + "or its definition made or changed. The KPI is as it stands after the change, with its current value and "
        + "status.")
public class KpiEvent {

    /** What happened to the KPI. */
    public enum Change {
        CREATED, REDEFINED, MEASURED, CORRECTED, BATCH_RECORDED
    }

    @NonNull
    public Change change;

    @NonNull
    public Kpi kpi;

    @Description("The business day of the value recorded or corrected; the last day of a batch.")
    public LocalDate observedAt;

    @Description("The value recorded or corrected; null for a batch or a change of definition.")
    public Double value;

    @Id
    @Description("The measurement recorded (a correction is one); null for a batch or a change of definition.")
    public String measurementId;

    @Description("How many values a batch recorded for this KPI.")
    public Integer values;

    @NonNull
    @Description("When the change was recorded.")
    public OffsetDateTime at;

    @NonNull
    @Description("Where the change stands in kpi-service's event feed.")
    public String position;

    static Change changeOf(String type) {
        return switch (type) {
            case "KpiCreated" -> Change.CREATED;
            case "KpiChanged" -> Change.REDEFINED;
            case "MeasurementRecorded" -> Change.MEASURED;
            case "MeasurementCorrected" -> Change.CORRECTED;
            case "MeasurementsRecorded" -> Change.BATCH_RECORDED;
            default -> null;
        };
    }
}
