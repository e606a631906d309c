package org.throughline.gateway.security;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.Optional;

/**
 * Where a client finds the gateway's OAuth 2.0 protected resource metadata (RFC 9728), which quarkus-oidc serves at
 * {@value #PATH}: named in the challenge of every 401, so that a client that was refused learns which authorization
 * server to sign in with. The URL is built as quarkus-oidc builds the metadata's {@code resource}, from Quarkus' own
 * settings, so that the two never disagree: the scheme the request came by (as the ingress forwarded it, where
 * proxy address forwarding is on), or https where {@code quarkus.oidc.resource-metadata.force-https-scheme} says so.
 */
@ApplicationScoped
public class ResourceMetadata {

    public static final String PATH = "/.well-known/oauth-protected-resource";

    private final boolean served;
    private final boolean forceHttps;

    public ResourceMetadata(
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean tenantEnabled,
            @ConfigProperty(name = "quarkus.oidc.resource-metadata.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "quarkus.oidc.resource-metadata.force-https-scheme", defaultValue = "true")
            boolean forceHttps) {
        this.served = tenantEnabled && enabled;
        this.forceHttps = forceHttps;
    }

    /** The metadata's URL as this request reached the gateway; none when the gateway serves no metadata. */
    public Optional<String> url(RoutingContext context) {
        if (!served) {
            return Optional.empty();
        }
        String authority;
        try {
            authority = URI.create(context.request().absoluteURI()).getRawAuthority();
        } catch (IllegalArgumentException | NullPointerException e) {
            // A Host header that makes no URI: the challenge goes out without the metadata rather than with garbage.
            return Optional.empty();
        }
        if (authority == null) {
            return Optional.empty();
        }
        return Optional.of((forceHttps ? "https" : context.request().scheme()) + "://" + authority + PATH);
    }
}
