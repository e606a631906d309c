package org.throughline.gateway.security;

import io.quarkus.security.AuthenticationFailedException;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.util.Map;
import java.util.Optional;

/**
 * Why a request is not signed in, and how the gateway tells its client (a 401): the {@code WWW-Authenticate}
 * challenge of RFC 6750 §3, whose error says what to do next (an expired token is refreshed, any other invalid one
 * is replaced), and a message in the gateway's own words for the GraphQL error. Never the verifier's own reason:
 * that names libraries, keys and hosts.
 */
public enum Unauthenticated {

    /** No access token at all: per RFC 6750 §3.1 the challenge carries no error. */
    NO_TOKEN(null, "sign in: send an access token of the throughline realm as Authorization: Bearer <token>"),
    /** Malformed, altered, signed by another key, or issued by another server or for another audience. */
    INVALID_TOKEN("the access token is not a valid token of the throughline realm for this API",
            "the access token was refused: it is not an unaltered access token of the throughline realm issued for "
                    + "this API; sign in again and send the new one"),
    EXPIRED_TOKEN("the access token expired",
            "the access token expired: refresh it, or sign in again, and send the new one");

    /** The realm of the challenge: the protection space, named as the tokens' Keycloak realm is. */
    public static final String REALM = "throughline";
    /** Marks the failure of a request that had no token (see {@link #noToken()}). */
    private static final String ATTRIBUTE = Unauthenticated.class.getName();

    private final String description;
    private final String message;

    Unauthenticated(String description, String message) {
        this.description = description;
        this.message = message;
    }

    /**
     * Why a failed authentication failed. quarkus-oidc wraps the verifier's failure (jose4j's, for a JWT checked
     * against the realm's keys, and one of the same kind when the token was introspected instead) in the exception
     * it fails the request with; an expired token is one whose verification failed on its expiry alone or among
     * other claims, once its signature had been checked.
     */
    public static Unauthenticated of(Throwable failure) {
        if (failure instanceof AuthenticationFailedException refused && refused.getAttribute(ATTRIBUTE) != null) {
            return NO_TOKEN;
        }
        // Bounded: a cause chain that loops back on itself must not hang the request.
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                return invalid.hasExpired() ? EXPIRED_TOKEN : INVALID_TOKEN;
            }
        }
        return INVALID_TOKEN;
    }

    /** The failure of a request that needs a caller and came without a token; {@link #of} reads it as such. */
    public static AuthenticationFailedException noToken() {
        return new AuthenticationFailedException("no access token", Map.of(ATTRIBUTE, NO_TOKEN));
    }

    /**
     * The {@code WWW-Authenticate} value: the Bearer scheme, the realm, the error for a token that was sent, and
     * where the protected resource metadata is (RFC 9728 §5.1), from which a client learns which authorization
     * server issues the tokens.
     */
    public String challenge(Optional<String> resourceMetadata) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(REALM).append('"');
        if (description != null) {
            challenge.append(", error=\"invalid_token\", error_description=\"").append(description).append('"');
        }
        resourceMetadata.ifPresent(url -> challenge.append(", resource_metadata=\"").append(url).append('"'));
        return challenge.toString();
    }

    /** The message of the GraphQL error ({@code UNAUTHENTICATED}). */
    public String message() {
        return message;
    }
}
