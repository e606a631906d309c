package org.throughline.kpi.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.kpi.BusinessFunction;
import org.throughline.kpi.KpiKind;

import java.time.LocalDate;
import java.util.List;

/** What may change of a KPI's definition; a field left out stays as it is. */
@Input("KpiChanges")
@Description("Changes to a KPI: a field left out stays as it is; an empty description clears it. Moving the baseline "
        + "or the target needs a reason. Unit and direction do not change: measurements already recorded mean them; "
        + "define a new KPI instead. drivers replaces the drivers.")
public class KpiChanges {
    public String name;
    public String description;
    public KpiKind kind;
    public BusinessFunction businessFunction;
    public Double baselineValue;
    public LocalDate baselineDate;
    public Double targetValue;
    public LocalDate targetDate;
    public Double atRiskTolerance;
    public Double offTrackTolerance;
    public Double validMin;
    public Double validMax;
    public Integer measurementCadenceDays;
    public Integer trendWindowDays;
    @Description("Another time zone for the KPI's business days, an IANA id such as Europe/Berlin.")
    public String timeZone;
    @Id
    @Description("A handover to another steward.")
    public String accountableOwner;
    @Id
    public List<@NonNull String> drivers;
}
