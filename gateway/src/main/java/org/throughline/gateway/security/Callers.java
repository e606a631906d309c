package org.throughline.gateway.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Who calls the gateway, and the token it forwards for them. quarkus-oidc has verified the token before the request
 * reaches the route (signature, issuer, audience, expiry); a request without one is anonymous, and only the insecure
 * quick start ({@code throughline.security.insecure=true}, off by default) lets anonymous callers through.
 */
@ApplicationScoped
public class Callers {

    private static final Logger LOG = Logger.getLogger(Callers.class);

    private final boolean insecure;

    public Callers(@ConfigProperty(name = "throughline.security.insecure", defaultValue = "false") boolean insecure) {
        this.insecure = insecure;
        if (insecure) {
            LOG.warn("INSECURE: throughline.security.insecure=true; the gateway serves callers without a token. "
                    + "Never expose it.");
        }
    }

    /** The verified identity of the request, if it has one. */
    public Optional<SecurityIdentity> identity(RoutingContext context) {
        return context.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                ? Optional.of(user.getSecurityIdentity()) : Optional.empty();
    }

    /** Whether the request may run: it has a verified caller, or security is off (insecure quick start). */
    public boolean admitted(RoutingContext context) {
        return insecure || identity(context).isPresent();
    }

    /**
     * The Authorization header to forward to subgraphs: the caller's bearer token as sent, or the access token of a
     * GraphiQL session; none for an anonymous caller.
     */
    public Optional<String> authorization(RoutingContext context) {
        String sent = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (sent != null) {
            return Optional.of(sent);
        }
        return identity(context).map(identity -> identity.getCredential(AccessTokenCredential.class))
                .map(token -> "Bearer " + token.getToken());
    }
}
