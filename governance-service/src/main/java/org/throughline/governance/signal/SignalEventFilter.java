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
    @Description("Only the signals of this initiative, as Initiative.signals lists them: about it, its milestones "
            + "and their commitments, and about the KPIs its milestones are tethered to.")
    public String initiativeId;
    @Id
    @Description("Only the signals about what this person is accountable for (their user id).")
    public String personId;

    public boolean matches(SignalEvent event) {
        Signal signal = event.signal;
        return (kinds == null || kinds.isEmpty() || kinds.contains(signal.kind))
                && (severities == null || severities.isEmpty() || severities.contains(signal.severity))
                && (initiativeId == null || event.initiativeIds.contains(initiativeId))
                && (personId == null || personId.equals(event.accountableOwner));
    }
}
