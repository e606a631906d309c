package org.throughline.kpi.analytics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import java.time.LocalDate;

/** One bucket (day, week or month) of a KPI's values, for charts. */
@Type("KpiSeriesPoint")
@Description("One day, week (from Monday) or month of a KPI's values: the last, the average and the range of the "
        + "business days measured in it, and the planned value on the last of them.")
public record SeriesPoint(
        @NonNull @Description("The first day of the bucket.") LocalDate start,
        @NonNull @Description("The last business day in the bucket that has a value.") LocalDate lastObservedAt,
        @NonNull @Description("The value of that day.") double value,
        @NonNull double average,
        @NonNull double min,
        @NonNull double max,
        @NonNull @Description("How many business days of the bucket have a value.") int days,
        @NonNull @Description("The planned value on lastObservedAt.") double plannedValue) {
}
