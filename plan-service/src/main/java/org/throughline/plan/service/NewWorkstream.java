package org.throughline.plan.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.BusinessFunction;

/** What a plan editor supplies to open a workstream in an initiative. */
@Input("NewWorkstream")
@Description("A new lane of an initiative; its name is unique within the initiative.")
public class NewWorkstream {
    @NonNull
    @Id
    public String initiativeId;
    @NonNull
    @Description("At most 200 characters, unique within the initiative.")
    public String name;
    @NonNull
    public BusinessFunction businessFunction;
    @NonNull
    @Id
    @Description("The user id of the one person accountable for the workstream.")
    public String accountableOwner;
}
