package org.throughline.kpi.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.kpi.BusinessFunction;
import org.throughline.kpi.Direction;
import org.throughline.kpi.KpiKind;
import org.throughline.kpi.KpiUnit;

import java.time.LocalDate;

/** What a KPI steward supplies to define a KPI. */
@Input("NewKpi")
@Description("A new KPI; its target date must come after its baseline date.")
public class NewKpi {
    @NotBlank
    @Size(max = 200)
    public String name;
    @Size(max = 2000)
    public String description;
    @NotNull
    @NonNull
    public KpiUnit unit;
    @NotNull
    @NonNull
    public Direction direction;
    @NotNull
    @NonNull
    public KpiKind kind;
    @NotNull
    @NonNull
    public BusinessFunction businessFunction;
    public double baselineValue;
    @NotNull
    @NonNull
    public LocalDate baselineDate;
    public double targetValue;
    @NotNull
    @NonNull
    public LocalDate targetDate;
    @Positive
    public int measurementCadenceDays;
}
