package org.throughline.subgraph;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is asking: the user of the caller's verified token (its {@code preferred_username}), recorded as the author of
 * every change and measurement.
 */
@ApplicationScoped
public class CurrentUser {

    /** The author of changes made without any identity (work the service does on its own, such as a schedule). */
    public static final String ANONYMOUS = "anonymous";

    @Inject
    SecurityIdentity identity;

    /**
     * The caller's user id in the canonical form ids are stored and compared in ({@link Inputs#canonicalUserId}):
     * Keycloak issues its usernames in lower case already; a principal from elsewhere (the quick start's configured
     * user, another identity provider) is brought to the same form, so that "my own" always matches what is stored.
     */
    public String id() {
        return identity.isAnonymous() ? ANONYMOUS : Inputs.canonicalUserId(identity.getPrincipal().getName());
    }

    /**
     * True when the caller proved who they are with a token of the realm; false when anonymous or in the insecure
     * quick start, where everyone is the same local developer and identity checks have nothing to compare.
     */
    public boolean verified() {
        return !identity.isAnonymous() && identity.getAttribute(InsecureQuickStart.ATTRIBUTE) == null;
    }

    /** The OAuth client the caller's token was issued to ({@code azp}), or null without a token. */
    public String client() {
        return identity.getPrincipal() instanceof JsonWebToken token ? token.getClaim("azp") : null;
    }
}
