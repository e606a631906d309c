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
    @Description("After the KPI's baseline date, and on or after the day the commitment was agreed.")
    public LocalDate dueDate;
    @Description("The day the commitment was agreed, not in the future; today when left out. A commitment made "
            + "before it was recorded here (a plan brought in with its history) keeps the day it was made, and its "
            + "due date may already have passed: it is then judged at once.")
    public LocalDate agreedOn;
    @NonNull
    @Description("Why delivering the milestone moves the KPI; at most 2,000 characters.")
    public String rationale;
    @NonNull
    @Id
    @Description("The user id of the one person accountable for the outcome.")
    public String accountableOwner;
}
