package org.throughline.governance.notify;

import org.eclipse.microprofile.graphql.Description;

/** Why a recipient is told. */
@Description("Why a recipient is told: OWNER of the item the signal is about (or of its initiative, when the item has "
        + "none), WATCHER of its initiative, or a SUBSCRIBED webhook endpoint.")
public enum NotificationReason {
    OWNER, WATCHER, SUBSCRIBED
}
