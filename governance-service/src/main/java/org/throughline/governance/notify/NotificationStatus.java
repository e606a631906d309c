package org.throughline.governance.notify;

import org.eclipse.microprofile.graphql.Description;

/** Where a notification's delivery stands. */
@Description("PENDING: due at nextAttemptAt; SENDING: claimed by a sender; SENT; HELD for the day's digest; DIGESTED: "
        + "sent in it; DEAD: given up, lastError says why.")
public enum NotificationStatus {
    PENDING, SENDING, SENT, HELD, DIGESTED, DEAD
}
