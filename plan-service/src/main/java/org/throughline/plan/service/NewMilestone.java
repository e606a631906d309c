package org.throughline.plan.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;

/** What a plan editor supplies to add a milestone to an initiative. */
@Input("NewMilestone")
@Description("A new milestone; its baseline is the finish date first approved, the forecast starts there unless given.")
public class NewMilestone {
    @NonNull
    @Id
    public String initiativeId;
    @NotBlank
    @Size(max = 300)
    public String title;
    @NotNull
    @NonNull
    public LocalDate baselineFinish;
    public LocalDate forecastFinish;
}
