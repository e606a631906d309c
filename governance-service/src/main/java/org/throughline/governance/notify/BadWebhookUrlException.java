package org.throughline.governance.notify;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A webhook URL that cannot be posted to: not absolute, not https (unless allowed), or carrying credentials. */
@ErrorCode("bad-webhook-url")
public class BadWebhookUrlException extends RejectedInputException {

    public BadWebhookUrlException(String message) {
        super("url", message);
    }
}
