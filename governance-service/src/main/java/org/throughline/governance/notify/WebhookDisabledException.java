package org.throughline.governance.notify;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A delivery to an endpoint that is disabled cannot be replayed until the endpoint is enabled again. */
@ErrorCode("webhook-disabled")
public class WebhookDisabledException extends RejectedInputException {

    public WebhookDisabledException(String message) {
        super("id", message);
    }
}
