package org.throughline.subgraph;

import io.smallrye.graphql.api.ErrorCode;

/**
 * Keycloak did not answer who a person is: nothing that names a person is stored meanwhile (a bad input only in
 * that the request cannot be taken as it is now).
 */
@ErrorCode("directory-unavailable")
public class DirectoryUnavailableException extends BadInputException {

    public DirectoryUnavailableException(String field, Throwable cause) {
        super(field, "the realm's directory (Keycloak) could not say who that is; nothing was changed, try again "
                + "when it answers");
        initCause(cause);
    }
}
