package org.throughline.governance.notify;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** No webhook endpoint has this id. */
@ErrorCode("webhook-not-found")
public class WebhookNotFoundException extends RejectedInputException {

    public WebhookNotFoundException(String message) {
        super("id", message);
    }
}
