package org.throughline.plan.service;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.throughline.plan.BusinessFunction;

/** Which workstreams a list shows; every condition given must hold. */
@Input("WorkstreamFilter")
@Description("Which workstreams to list; every condition given must hold.")
public class WorkstreamFilter {
    @Id
    public String initiativeId;
    public BusinessFunction businessFunction;
    @Id
    public String accountableOwner;
}
