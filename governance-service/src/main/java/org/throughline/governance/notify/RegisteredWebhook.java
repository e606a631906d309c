package org.throughline.governance.notify;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A webhook endpoint just registered, with the secret the platform generated for it: the only time it is shown. */
@Type("RegisteredWebhook")
@Description("A webhook endpoint just registered. secret is the generated signing secret, shown this once and never "
        + "again; null when the endpoint's secret is referenced by name.")
public record RegisteredWebhook(@NonNull WebhookEndpoint endpoint, String secret) {
}
