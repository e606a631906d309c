package org.throughline.governance.client;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/**
 * A service governance needs to read from could not answer. Governance then refuses rather than guess: a tether it
 * cannot check is not stored, and a figure it cannot read is shown only from what it last read (marked not live) or
 * not at all.
 */
@ErrorCode("upstream-unavailable")
public class UpstreamUnavailableException extends RejectedInputException {
    public UpstreamUnavailableException(String service, Throwable cause) {
        super(service, service + " could not answer (" + cause.getClass().getSimpleName()
                + "); nothing was changed, try again when it is back.");
    }
}
