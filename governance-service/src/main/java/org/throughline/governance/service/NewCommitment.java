package org.throughline.governance.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;

/** What an accountable owner supplies to tether a milestone to a KPI. */
@Input("NewCommitment")
@Description("A new outcome commitment: when the milestone is delivered, the KPI will reach the expected value by the "
        + "due date. The milestone and the KPI must exist; the committed trajectory runs from the KPI's baseline.")
public class NewCommitment {
    @NonNull
    @Id
    public String milestoneId;
    @NonNull
    @Id
    public String kpiId;
    @NonNull
    public Double expectedValue;
    @NonNull
    @Description("After the KPI's baseline date and not in the past.")
    public LocalDate dueDate;
    @NonNull
    @Description("Why delivering the milestone moves the KPI; at most 2,000 characters.")
    public String rationale;
    @NonNull
    @Id
    @Description("The user id of the one person accountable for the outcome.")
    public String accountableOwner;
}
