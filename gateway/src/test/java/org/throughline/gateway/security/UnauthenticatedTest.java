package org.throughline.gateway.security;

import io.quarkus.security.AuthenticationFailedException;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a refused token is told apart and said: the verifier's failures here are jose4j's own, from verifying real
 * tokens with the checks quarkus-oidc asks of it, wrapped as quarkus-oidc wraps them.
 */
class UnauthenticatedTest {

    private static final String ISSUER = "https://auth.example.com/realms/throughline";
    private static final String METADATA = "https://throughline.example.com/.well-known/oauth-protected-resource";

    private final RsaJsonWebKey key = generate();

    private static RsaJsonWebKey generate() {
        try {
            return RsaJwkGenerator.generateJwk(2048);
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(Consumer<JwtClaims> change) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("throughline-api");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        change.accept(claims);
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(key.getPrivateKey());
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return signature.getCompactSerialization();
    }

    /** The failure of verifying the token as quarkus-oidc does, as it hands it on: wrapped, with its attributes. */
    private AuthenticationFailedException refusal(String token) {
        InvalidJwtException invalid = assertThrows(InvalidJwtException.class, () -> new JwtConsumerBuilder()
                .setVerificationKey(key.getPublicKey()).setRequireExpirationTime().setExpectedIssuer(ISSUER)
                .setExpectedAudience("throughline-api").build().processToClaims(token));
        return new AuthenticationFailedException(invalid, Map.of("token", token));
    }

    private static NumericDate secondsFromNow(long seconds) {
        return NumericDate.fromSeconds(NumericDate.now().getValue() + seconds);
    }

    @Test
    void anExpiredTokenIsToldApartFromAnInvalidOne() throws Exception {
        assertEquals(Unauthenticated.EXPIRED_TOKEN, Unauthenticated.of(refusal(token(claims ->
                claims.setExpirationTime(secondsFromNow(-60))))));
        assertEquals(Unauthenticated.INVALID_TOKEN, Unauthenticated.of(refusal(token(claims ->
                claims.setIssuer("https://auth.example.com/realms/master")))));
        assertEquals(Unauthenticated.INVALID_TOKEN, Unauthenticated.of(refusal(token(claims ->
                claims.setAudience("throughline-directory")))));
        String genuine = token(claims -> {
        });
        String altered = genuine.substring(0, genuine.lastIndexOf('.') + 1) + "AAAA";
        assertEquals(Unauthenticated.INVALID_TOKEN, Unauthenticated.of(refusal(altered)));
        assertEquals(Unauthenticated.INVALID_TOKEN, Unauthenticated.of(refusal("not-a-token")));
    }

    @Test
    void anExpiredTokenOfAnotherAudienceIsStillSaidToHaveExpired() throws Exception {
        // Refreshing is what the client must do first; the audience is checked again on the new token.
        assertEquals(Unauthenticated.EXPIRED_TOKEN, Unauthenticated.of(refusal(token(claims -> {
            claims.setExpirationTime(secondsFromNow(-60));
            claims.setAudience("throughline-directory");
        }))));
    }

    @Test
    void aRefusalWithoutTheVerifiersReasonIsAnInvalidToken() {
        // quarkus-oidc refuses some tokens without a cause: an opaque one it cannot introspect, for instance.
        assertEquals(Unauthenticated.INVALID_TOKEN, Unauthenticated.of(new AuthenticationFailedException()));
        assertEquals(Unauthenticated.INVALID_TOKEN, Unauthenticated.of(new AuthenticationFailedException(
                "Token issued to client throughline-gateway can not be introspected")));
    }

    @Test
    void aRequestThatNeededACallerAndSentNoTokenIsToldSo() {
        assertEquals(Unauthenticated.NO_TOKEN, Unauthenticated.of(Unauthenticated.noToken()));
    }

    @Test
    void theChallengeNamesTheErrorOnlyForATokenThatWasSent() {
        assertEquals("Bearer realm=\"throughline\", resource_metadata=\"" + METADATA + "\"",
                Unauthenticated.NO_TOKEN.challenge(Optional.of(METADATA)));
        assertEquals("Bearer realm=\"throughline\"", Unauthenticated.NO_TOKEN.challenge(Optional.empty()));
        assertEquals("Bearer realm=\"throughline\", error=\"invalid_token\", "
                        + "error_description=\"the access token expired\", resource_metadata=\"" + METADATA + "\"",
                Unauthenticated.EXPIRED_TOKEN.challenge(Optional.of(METADATA)));
        assertEquals("Bearer realm=\"throughline\", error=\"invalid_token\", "
                        + "error_description=\"the access token is not a valid token of the throughline realm for this "
                        + "API\"",
                Unauthenticated.INVALID_TOKEN.challenge(Optional.empty()));
    }

    @Test
    void everyDescriptionIsAQuotedStringRfc6750Allows() {
        for (Unauthenticated reason : Unauthenticated.values()) {
            // error_description: %x20-21 / %x23-5B / %x5D-7E, so no quote and no backslash (RFC 6750 §3).
            String challenge = reason.challenge(Optional.empty());
            String description = challenge.contains("error_description=\"")
                    ? challenge.substring(challenge.indexOf("error_description=\"") + 19, challenge.length() - 1) : "";
            assertTrue(description.chars().allMatch(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\'),
                    description);
        }
    }
}
