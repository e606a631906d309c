package org.throughline.governance.client;

import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.runtime.TokensHelper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * governance-service's own identity towards plan-service and kpi-service: an access token of its service account
 * (client credentials), kept and renewed before it expires by quarkus-oidc-client. Every call of the typed clients
 * carries it ({@link #authorization()} is named in their {@code @Header}); nothing governance does upstream runs
 * under a user's token.
 */
@ApplicationScoped
@Unremovable // looked up by the typed clients' @Header method, not injected anywhere
public class ServiceAccount {

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final TokensHelper tokens = new TokensHelper();

    /** Looked up only when a token is needed: without Keycloak (the insecure quick start) there is no client. */
    @Inject
    Instance<OidcClients> clients;

    /** The insecure quick start: the services upstream take every caller, no token is fetched or sent. */
    @ConfigProperty(name = "throughline.security.insecure", defaultValue = "false")
    boolean insecure;

    /** The Authorization header of every upstream call: {@code Bearer <token>}; none in the insecure quick start. */
    public static String authorization() {
        // A method, not a field: the container hands out a client proxy, whose fields are not the bean's.
        return Arc.container().instance(ServiceAccount.class).get().header();
    }

    String header() {
        if (insecure) {
            return null;
        }
        return "Bearer " + tokens.getTokens(clients.get().getClient()).await().atMost(FETCH_TIMEOUT).getAccessToken();
    }
}
