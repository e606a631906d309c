package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;

/**
 * A client sent an idempotency key it had already used for a different measurement. Answering with the earlier
 * measurement would hide a client bug; storing the new one would defeat the key.
 */
@ErrorCode("idempotency-key-reused")
public class IdempotencyKeyReusedException extends RejectedInputException {
    public IdempotencyKeyReusedException(String field, String key) {
        super(field, "The idempotency key " + Inputs.shown(key) + " was already used for a different measurement.");
    }
}
