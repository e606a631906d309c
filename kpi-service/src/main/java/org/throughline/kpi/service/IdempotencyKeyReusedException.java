package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;

/**
 * A client sent an idempotency key it had already used for a different measurement. Answering with the earlier
 * measurement would hide a client bug; storing the new one would defeat the key.
 */
@ErrorCode("idempotency-key-reused")
public class IdempotencyKeyReusedException extends Exception {
    public IdempotencyKeyReusedException(String key) {
        super("The idempotency key " + key + " was already used for a different measurement.");
    }
}
