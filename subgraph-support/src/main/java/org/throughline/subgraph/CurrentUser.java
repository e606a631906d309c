package org.throughline.subgraph;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Who is asking: the user id from the caller's token, recorded as the author of every change and measurement. */
@ApplicationScoped
public class CurrentUser {

    /** The author of changes made while authentication is off (a local run before SSO is configured). */
    public static final String ANONYMOUS = "anonymous";

    @Inject
    SecurityIdentity identity;

    public String id() {
        return identity.isAnonymous() ? ANONYMOUS : identity.getPrincipal().getName();
    }
}
