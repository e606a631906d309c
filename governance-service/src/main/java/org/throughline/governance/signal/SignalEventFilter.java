package org.throughline.governance.signal;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/** Which signal events a subscriber receives; every condition given must hold. */
@Input("SignalEventFilter")
@Description("Which signal events to receive: all when empty; a list means any of its values.")
public class SignalEventFilter {
    public List<@NonNull SignalKind> kinds;
    public List<@NonNull Severity> severities;
    @Id
    @Description("Only the signals that name this initiative: about it, its milestones and their commitments. "
            + "(Unlike Initiative.signals, not yet those about the KPIs its milestones are tethered to.)")
    public String initiativeId;
    @Id
    @Description("Only the signals about what this person is accountable for (their user id).")
    public String personId;

    public boolean matches(SignalEvent event) {
        Signal signal = event.signal;
        return (kinds == null || kinds.isEmpty() || kinds.contains(signal.kind))
                && (severities == null || severities.isEmpty() || severities.contains(signal.severity))
                && (initiativeId == null || initiativeId.equals(signal.initiativeId))
                && (personId == null || personId.equals(event.accountableOwner));
    }
}
