package org.throughline.governance.signal;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/** Which signals a list shows; every condition given must hold. */
@Input("SignalFilter")
@Description("Which signals to list: open ones unless openOnly is false; a list means any of its values.")
public class SignalFilter {
    public List<@NonNull SignalKind> kinds;
    public List<@NonNull Severity> severities;
    @Id
    public String initiativeId;
    @DefaultValue("true")
    public Boolean openOnly;
}
