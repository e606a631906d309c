package org.throughline.plan.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** What a plan editor supplies to open an initiative. */
@Input("NewInitiative")
@Description("A new transformation programme, ACTIVE from the start.")
public class NewInitiative {
    @NonNull
    @Description("At most 200 characters.")
    public String name;
    @Description("The business outcome the programme exists for; at most 2,000 characters.")
    public String objective;
    @Id
    @Description("The user id of the sponsoring executive.")
    public String sponsor;
    @NonNull
    @Id
    @Description("The user id of the one person accountable for the programme.")
    public String accountableOwner;
    @Description("Days between governance reviews, 1 to 366; 14 when not given.")
    public Integer reviewCadenceDays;
    @Description("Days a milestone may slip before it is raised as a signal, 0 to 366; 14 when not given.")
    public Integer slippageToleranceDays;
}
