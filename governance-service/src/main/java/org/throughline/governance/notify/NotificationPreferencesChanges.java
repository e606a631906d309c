package org.throughline.governance.notify;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.governance.signal.Severity;
import org.throughline.governance.signal.SignalKind;

import java.util.List;

/** A change to one's own notification preferences; what is not given stays as it is. */
@Input("NotificationPreferencesChanges")
@Description("A change to one's own notification preferences; a field not given stays as it is. kinds: the kinds to "
        + "be told of, an empty list for every kind.")
public class NotificationPreferencesChanges {
    public List<@NonNull SignalKind> kinds;
    public Severity minimumSeverity;
    public NotificationDelivery delivery;
    public Boolean email;
    @Description("The version the change is based on; a stale one is refused (version-conflict). Optional.")
    public Integer version;
}
