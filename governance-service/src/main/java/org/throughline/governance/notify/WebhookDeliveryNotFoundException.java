package org.throughline.governance.notify;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** No webhook delivery has this id. */
@ErrorCode("webhook-delivery-not-found")
public class WebhookDeliveryNotFoundException extends RejectedInputException {

    public WebhookDeliveryNotFoundException(String message) {
        super("id", message);
    }
}
