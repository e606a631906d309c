package org.throughline.plan.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.throughline.plan.BusinessFunction;

/** What may change of a workstream; a field left out stays as it is. */
@Input("WorkstreamChanges")
@Description("Changes to a workstream: a field left out stays as it is.")
public class WorkstreamChanges {
    public String name;
    public BusinessFunction businessFunction;
    @Id
    @Description("A handover to another accountable owner.")
    public String accountableOwner;
}
