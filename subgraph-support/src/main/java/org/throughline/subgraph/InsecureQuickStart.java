package org.throughline.subgraph;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * INSECURE quick start, off by default ({@code throughline.security.insecure=true} turns it on): without Keycloak,
 * every request is the one local developer, holding every role. For a first look on a laptop and for tests of
 * service logic; never for anything reachable by others. The service says so loudly when it starts.
 */
@ApplicationScoped
public class InsecureQuickStart implements HttpAuthenticationMechanism {

    /** Marks the identity this mechanism made, so that identity checks know nobody proved anything. */
    public static final String ATTRIBUTE = "throughline.insecure";

    private static final Logger LOG = Logger.getLogger(InsecureQuickStart.class);

    @ConfigProperty(name = "throughline.security.insecure", defaultValue = "false")
    boolean insecure;

    @ConfigProperty(name = "throughline.security.insecure-user", defaultValue = "local-developer")
    String user;

    void warn(@Observes StartupEvent event) {
        if (insecure) {
            LOG.warn("INSECURE: throughline.security.insecure=true; every caller is '" + user
                    + "' with every role. Never expose this service.");
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!insecure) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user))
                .addRoles(Set.of(Roles.ALL))
                .addAttribute(ATTRIBUTE, Boolean.TRUE)
                .build());
    }

    /**
     * Last among the mechanisms: one that can tell who the caller really is goes first. Of equal priority, the order
     * was left to chance, and a test's {@code @TestSecurity} identity lost to the local developer in some runs.
     */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY - 100;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
