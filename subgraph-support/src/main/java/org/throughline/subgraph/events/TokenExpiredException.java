package org.throughline.subgraph.events;

import io.smallrye.graphql.api.ErrorCode;

/** The end of a subscription whose caller's token expired: a new subscription with a fresh token goes on. */
@ErrorCode("token-expired")
public class TokenExpiredException extends RuntimeException {

    public TokenExpiredException(java.time.Instant expiredAt) {
        super("the access token of this subscription expired at " + expiredAt + "; subscribe again with a fresh "
                + "token to go on receiving");
    }
}
