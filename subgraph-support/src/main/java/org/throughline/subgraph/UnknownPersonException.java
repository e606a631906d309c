package org.throughline.subgraph;

import io.smallrye.graphql.api.ErrorCode;

/** A user id that names nobody of the realm: people are never free text. */
@ErrorCode("unknown-person")
public class UnknownPersonException extends BadInputException {

    public UnknownPersonException(String field, String id) {
        super(field, "names nobody of the realm: " + Inputs.shown(id) + " is not a user (ask an administrator to add "
                + "them, or use an existing user id)");
    }
}
