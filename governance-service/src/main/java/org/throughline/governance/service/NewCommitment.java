package org.throughline.governance.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;

/** What an accountable owner supplies to tether a milestone to a KPI. */
@Input("NewCommitment")
@Description("A new outcome commitment: when the milestone is delivered, the KPI will reach the expected value by the due date.")
public class NewCommitment {
    @NonNull
    @Id
    @NotBlank
    @Size(max = 100)
    public String milestoneId;
    @NonNull
    @Id
    @NotBlank
    @Size(max = 100)
    public String kpiId;
    public double expectedValue;
    @NotNull
    @NonNull
    public LocalDate dueDate;
    @NotBlank
    @Size(max = 2000)
    public String rationale;
    @NotBlank
    @Size(max = 255)
    public String accountableOwner;
}
