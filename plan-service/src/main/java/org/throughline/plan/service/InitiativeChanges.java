package org.throughline.plan.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.throughline.plan.InitiativeStatus;

/** What may change of an initiative; a field left out stays as it is. */
@Input("InitiativeChanges")
@Description("Changes to an initiative: a field left out stays as it is; an empty objective or sponsor clears it. "
        + "Putting it ON_HOLD or RETIRED needs a reason.")
public class InitiativeChanges {
    public String name;
    public String objective;
    @Id
    public String sponsor;
    @Id
    @Description("A handover to another accountable owner.")
    public String accountableOwner;
    public Integer reviewCadenceDays;
    public Integer slippageToleranceDays;
    public InitiativeStatus status;
}
