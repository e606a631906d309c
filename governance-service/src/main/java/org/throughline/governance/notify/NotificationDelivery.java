package org.throughline.governance.notify;

import org.eclipse.microprofile.graphql.Description;

/** When a person is told: as each signal is raised, or once a day in one mail. */
@Description("When a person is told: IMMEDIATE, one mail per signal as it is raised, or DAILY_DIGEST, one mail a day.")
public enum NotificationDelivery {
    IMMEDIATE, DAILY_DIGEST
}
