package org.throughline.kpi.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.kpi.BusinessFunction;
import org.throughline.kpi.Direction;
import org.throughline.kpi.KpiKind;
import org.throughline.kpi.KpiUnit;

import java.time.LocalDate;
import java.util.List;

/** What a KPI steward supplies to define a KPI. */
@Input("NewKpi")
@Description("A new KPI. The target lies after the baseline in time, and beyond it in the KPI's direction (below it for "
        + "LOWER_IS_BETTER). The tolerance bands default to 10 % and 25 % of the distance from baseline to target.")
public class NewKpi {
    @NonNull
    @Description("At most 200 characters.")
    public String name;
    @Description("At most 2,000 characters.")
    public String description;
    @NonNull
    public KpiUnit unit;
    @NonNull
    public Direction direction;
    @NonNull
    public KpiKind kind;
    @NonNull
    public BusinessFunction businessFunction;
    @NonNull
    public Double baselineValue;
    @NonNull
    public LocalDate baselineDate;
    @NonNull
    public Double targetValue;
    @NonNull
    public LocalDate targetDate;
    @Description("How far behind plan, in the KPI's unit, it may fall and stay ON_TRACK.")
    public Double atRiskTolerance;
    @Description("How far behind plan it may fall and be only AT_RISK; at least atRiskTolerance.")
    public Double offTrackTolerance;
    @Description("The lowest possible value; measurements below it are refused.")
    public Double validMin;
    @Description("The highest possible value; measurements above it are refused.")
    public Double validMax;
    @NonNull
    @Description("Days expected between two measurements, 1 to 366.")
    public Integer measurementCadenceDays;
    @Description("Days of measurements the trend is fitted to, 7 to 3,660; 90 when not given.")
    public Integer trendWindowDays;
    @Description("The time zone whose calendar the KPI's business days follow, an IANA id such as Europe/Berlin; "
            + "the platform's (throughline.kpi.business-days.zone, UTC unless configured) when not given.")
    public String timeZone;
    @NonNull
    @Id
    @Description("The user id of the KPI's steward.")
    public String accountableOwner;
    @Id
    @Description("The KPIs that drive this one (lead measures of a lag KPI).")
    public List<@NonNull String> drivers;
}
