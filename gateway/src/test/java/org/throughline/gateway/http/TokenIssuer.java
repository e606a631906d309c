package org.throughline.gateway.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonObject;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An authorization server for gateway tests, over real HTTP on a free port: it publishes an OpenID Connect discovery
 * document and its signing key as Keycloak does, and signs access tokens with it, so that quarkus-oidc fetches the
 * key and verifies the tokens exactly as it does Keycloak's. It issues nothing through OAuth flows; the test signs
 * the tokens it needs, good and bad. Started as a Quarkus test resource, which points the gateway at it.
 */
public final class TokenIssuer implements QuarkusTestResourceLifecycleManager {

    static final String AUDIENCE = "throughline-api";

    private HttpServer server;
    private RsaJsonWebKey key;
    /** How often a token was sent here to be introspected: never, when the gateway checks tokens itself. */
    private final java.util.concurrent.atomic.AtomicInteger introspections = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Map<String, String> start() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("realm-key");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException | JoseException e) {
            throw new IllegalStateException("could not start the test's authorization server", e);
        }
        String jwks = new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        server.createContext("/realms/throughline/.well-known/openid-configuration", exchange -> answer(exchange,
                new JsonObject().put("issuer", issuer())
                        .put("jwks_uri", issuer() + "/protocol/openid-connect/certs")
                        .put("authorization_endpoint", authorizationEndpoint())
                        .put("token_endpoint", issuer() + "/protocol/openid-connect/token")
                        .put("introspection_endpoint", issuer() + "/protocol/openid-connect/token/introspect")
                        .put("end_session_endpoint", issuer() + "/protocol/openid-connect/logout").encode()));
        server.createContext("/realms/throughline/protocol/openid-connect/certs", exchange -> answer(exchange, jwks));
        server.createContext("/realms/throughline/protocol/openid-connect/token/introspect", exchange -> {
            introspections.incrementAndGet();
            answer(exchange, new JsonObject().put("active", false).encode());
        });
        server.start();
        return Map.of("throughline.oidc.issuer", issuer());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.MatchesType(TokenIssuer.class));
    }

    /** How many tokens were sent here to be introspected. */
    int introspections() {
        return introspections.get();
    }

    String issuer() {
        return "http://localhost:" + server.getAddress().getPort() + "/realms/throughline";
    }

    String authorizationEndpoint() {
        return issuer() + "/protocol/openid-connect/auth";
    }

    /**
     * An access token as the realm issues it to a viewer, for the API, valid for five minutes, with its claims
     * changed as the test says, signed with the realm's key.
     */
    public String token(Consumer<JwtClaims> change) {
        return sign(claims(change), key);
    }

    /** A token with every right claim, signed with another key that claims to be the realm's (the same key id). */
    String forged() {
        try {
            RsaJsonWebKey other = RsaJwkGenerator.generateJwk(2048);
            other.setKeyId(key.getKeyId());
            return sign(claims(claims -> {
            }), other);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtClaims claims(Consumer<JwtClaims> change) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setAudience(AUDIENCE);
        claims.setSubject("analyst");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setClaim("preferred_username", "analyst");
        claims.setClaim("realm_access", Map.of("roles", List.of("viewer")));
        change.accept(claims);
        return claims;
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey with) {
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(with.getPrivateKey());
        signature.setKeyIdHeaderValue(with.getKeyId());
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        signature.setHeader("typ", "JWT");
        try {
            return signature.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
