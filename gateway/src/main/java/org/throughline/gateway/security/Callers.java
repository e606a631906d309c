package org.throughline.gateway.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.throughline.gateway.GatewayConfig;
import org.throughline.gateway.execution.Caller;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who calls the gateway, and the token it forwards for them. quarkus-oidc has verified the token before the request
 * reaches the route (signature, issuer, audience, expiry); a request without one is anonymous, and only the insecure
 * quick start ({@code throughline.security.insecure=true}, off by default) lets anonymous callers through.
 */
@ApplicationScoped
public class Callers {

    private static final Logger LOG = Logger.getLogger(Callers.class);

    private final boolean insecure;
    private final Map<String, List<String>> policies;
    private final Optional<Set<String>> requiredRoles;

    public Callers(@ConfigProperty(name = "throughline.security.insecure", defaultValue = "false") boolean insecure,
                   GatewayConfig config) {
        this.insecure = insecure;
        this.policies = config.policies();
        this.requiredRoles = config.requiredRoles();
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
     * Whether an admitted caller holds one of the roles the gateway serves ({@code throughline.gateway.required-roles};
     * any caller when none are named): a token of the realm issued for another purpose, such as a metrics scraper's,
     * reads nothing.
     */
    public boolean holdsARequiredRole(RoutingContext context) {
        return holdsARequiredRole(identity(context));
    }

    /** As {@link #holdsARequiredRole(RoutingContext)}, for a verified identity (or none). */
    public boolean holdsARequiredRole(Optional<SecurityIdentity> identity) {
        if (insecure || requiredRoles.isEmpty()) {
            return true;
        }
        return identity.map(verified -> requiredRoles.get().stream().anyMatch(verified::hasRole)).orElse(false);
    }

    /** Whether security is off (the insecure quick start): every caller is let through unchecked. */
    public boolean insecure() {
        return insecure;
    }

    /**
     * The caller as the supergraph's authorization directives see them: the scopes of their token, and the
     * policies their realm roles meet ({@code throughline.gateway.policies}).
     */
    public Caller caller(RoutingContext context) {
        return caller(identity(context));
    }

    /** As {@link #caller(RoutingContext)}, for a verified identity (or none). */
    public Caller caller(Optional<SecurityIdentity> identity) {
        if (insecure) {
            return Caller.UNCHECKED;
        }
        if (identity.isEmpty()) {
            return Caller.ANONYMOUS;
        }
        Set<String> scopes = new TreeSet<>();
        if (identity.get().getPrincipal() instanceof JsonWebToken token && token.getClaim("scope") != null) {
            scopes.addAll(List.of(String.valueOf((Object) token.getClaim("scope")).trim().split("\\s+")));
        }
        Set<String> met = new TreeSet<>();
        policies.forEach((policy, roles) -> {
            if (roles.stream().anyMatch(identity.get()::hasRole)) {
                met.add(policy);
            }
        });
        return Caller.signedIn(scopes, met);
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
