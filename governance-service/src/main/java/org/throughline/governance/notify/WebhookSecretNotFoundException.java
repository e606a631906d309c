package org.throughline.governance.notify;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/**
 * A secret named by reference that neither the mounted secrets directory nor the environment holds: deliveries
 * could not be signed.
 */
@ErrorCode("webhook-secret-not-found")
public class WebhookSecretNotFoundException extends RejectedInputException {

    public WebhookSecretNotFoundException(String message) {
        super("secretRef", message);
    }
}
