package org.throughline.gateway.security;

import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.runtime.TokensHelper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The gateway's own identity (the service account of its client, client credentials): what it reads the subgraphs'
 * schemas under. Never used for a caller's request, which carries the caller's token.
 */
@ApplicationScoped
public class ServiceAccount {

    private final TokensHelper tokens = new TokensHelper();
    /** Looked up only when a token is needed: without Keycloak (the insecure quick start) there is no client. */
    private final Instance<OidcClients> clients;
    private final boolean insecure;

    public ServiceAccount(Instance<OidcClients> clients,
                          @ConfigProperty(name = "throughline.security.insecure", defaultValue = "false")
                          boolean insecure) {
        this.clients = clients;
        this.insecure = insecure;
    }

    /** The headers of the gateway's own requests: its bearer token; none in the insecure quick start. */
    public CompletionStage<Map<String, String>> headers() {
        if (insecure) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return tokens.getTokens(clients.get().getClient()).subscribeAsCompletionStage()
                .thenApply(tokens -> Map.of("authorization", "Bearer " + tokens.getAccessToken()));
    }
}
