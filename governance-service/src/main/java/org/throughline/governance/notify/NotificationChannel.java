package org.throughline.governance.notify;

import org.eclipse.microprofile.graphql.Description;

/** How a notification travels. */
@Description("How a notification travels: EMAIL to a person, WEBHOOK to a registered endpoint.")
public enum NotificationChannel {
    EMAIL, WEBHOOK
}
