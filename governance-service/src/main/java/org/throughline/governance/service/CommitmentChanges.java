package org.throughline.governance.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;

import java.time.LocalDate;

/** What may change of a commitment; milestone and KPI do not: another tether is another commitment. */
@Input("CommitmentChanges")
@Description("Amendments to an outcome commitment: a field left out stays as it is. The tether itself (milestone and "
        + "KPI) does not change: withdraw and commit anew.")
public class CommitmentChanges {
    public Double expectedValue;
    public LocalDate dueDate;
    public String rationale;
    @Id
    @Description("A handover to another accountable owner.")
    public String accountableOwner;
}
