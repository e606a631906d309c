package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;

/** A caller named an initiative that does not exist. */
@ErrorCode("initiative-not-found")
public class InitiativeNotFoundException extends Exception {
    public InitiativeNotFoundException(String id) {
        super("No initiative has the id " + id + ".");
    }
}
