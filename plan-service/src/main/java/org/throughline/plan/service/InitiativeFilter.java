package org.throughline.plan.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.InitiativeStatus;

import java.util.List;

/** Which initiatives a list shows; every condition given must hold. */
@Input("InitiativeFilter")
@Description("Which initiatives to list; every condition given must hold, a list means any of its values.")
public class InitiativeFilter {
    public List<@NonNull InitiativeStatus> status;
    @Id
    public String accountableOwner;
}
