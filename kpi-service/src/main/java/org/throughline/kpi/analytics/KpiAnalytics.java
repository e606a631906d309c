package org.throughline.kpi.analytics;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.throughline.kpi.KpiStatus;
import org.throughline.kpi.Trend;

import java.time.LocalDate;

/** Where a KPI stands against its plan on a day, computed from its measurements, never typed in. */
@Type("KpiAnalytics")
@Description("Where a KPI stands against its plan, computed from its measurements as known on the day of the analysis.")
public record KpiAnalytics(
        @NonNull @Description("The business day the analysis is for: today, or the day of asOf.") LocalDate day,
        @Description("The latest value: the latest business day's latest recording. Null before any measurement.")
        Double currentValue,
        @Description("The business day of the current value.") LocalDate observedAt,
        @Description("The planned value on the current value's day, on the straight line from baseline to target.")
        Double plannedValue,
        @Description("Current minus planned value.") Double variance,
        @Description("The share of the distance from baseline to target covered: 0 at the baseline, 1 at the target, "
                + "negative when the KPI moved the wrong way.") Double attainment,
        @Description("The least-squares slope of the values in the trend window, per day.") Double trendPerDay,
        @Description("IMPROVING, STABLE or WORSENING: the slope over four weeks in the KPI's direction, STABLE when it "
                + "covers less than 2 % of the distance from baseline to target; null without a trend.") Trend trend,
        @NonNull @Description("How many business days' values the trend is fitted to.") int trendPoints,
        @Description("The trend line's value at the target date, within the valid range.") Double forecastAtTarget,
        @NonNull @Description("ON_TRACK, AT_RISK or OFF_TRACK by how far behind plan the current value is against "
                + "the tolerance bands; NO_DATA before any measurement.") KpiStatus status) {
}
