package org.throughline.gateway.http;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every 401 of the gateway, with security on and quarkus-oidc verifying tokens of a real authorization server
 * ({@link TokenIssuer}): whatever is wrong with the token, and whichever path it was sent to, the client gets a
 * GraphQL error (UNAUTHENTICATED) in the gateway's words and one {@code WWW-Authenticate} challenge that says why
 * (RFC 6750) and where the protected resource metadata is (RFC 9728).
 */
@QuarkusTest
@TestProfile(AuthenticationFailuresTest.Secured.class)
class AuthenticationFailuresTest {

    /**
     * The gateway as deployed: tokens verified, a caller needed everywhere but the permitted paths; with a client id
     * and secret of its own, with which quarkus-oidc would introspect a token it cannot verify unless told not to.
     */
    public static class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("throughline.security.insecure", "false",
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.graphiql.tenant-enabled", "true",
                    "quarkus.http.auth.permission.everything-else.policy", "signed-in",
                    "quarkus.oidc.client-id", "throughline-gateway", "quarkus.oidc.credentials.secret", "s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TokenIssuer.class));
        }
    }

    private static final String QUERY = "{ __typename }";
    private static final String INVALID = "Bearer realm=\"throughline\", error=\"invalid_token\", "
            + "error_description=\"the access token is not a valid token of the throughline realm for this API\"";
    private static final String EXPIRED = "Bearer realm=\"throughline\", error=\"invalid_token\", "
            + "error_description=\"the access token expired\"";

    TokenIssuer issuer;

    private String metadata() {
        return "resource_metadata=\"http://localhost:" + io.restassured.RestAssured.port
                + "/.well-known/oauth-protected-resource\"";
    }

    /** The bad tokens, each with the challenge it must be answered with. */
    private Map<String, String> badTokens() {
        Map<String, String> bad = new LinkedHashMap<>();
        String genuine = issuer.token(claims -> {
        });
        String[] parts = genuine.split("\\.");
        String otherPayload = issuer.token(claims -> claims.setSubject("ceo")).split("\\.")[1];
        bad.put("altered", parts[0] + "." + otherPayload + "." + parts[2]);
        bad.put("forged", issuer.forged());
        bad.put("foreign issuer", issuer.token(claims -> claims.setIssuer("http://localhost:1/realms/master")));
        bad.put("foreign audience", issuer.token(claims -> claims.setAudience("throughline-directory")));
        bad.put("malformed", "not-a-token");
        bad.put("truncated", parts[0] + "." + parts[1]);
        bad.put("expired", issuer.token(claims -> {
            claims.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 600));
            claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 300));
        }));
        return bad;
    }

    private static RequestSpecification request(String authorization) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private ValidatableResponse refused(ValidatableResponse response, String challenge, String message) {
        response.log().ifValidationFails().statusCode(401)
                .header("WWW-Authenticate", equalTo(challenge + ", " + metadata()))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                .body("errors[0].message", equalTo(message));
        assertEquals(1, response.extract().headers().getValues("WWW-Authenticate").size(), "one challenge");
        return response;
    }

    @Test
    void aGenuineTokenIsServed() {
        request("Bearer " + issuer.token(claims -> {
        })).body(Map.of("query", QUERY)).when().post("/graphql")
                .then().log().ifValidationFails().statusCode(200).body("data.__typename", equalTo("Query"));
    }

    @Test
    void everyRefusedTokenIsAnsweredWithAGraphQLErrorAndAChallengeThatSaysWhyOnPostAndGet() {
        badTokens().forEach((what, token) -> {
            boolean expired = what.equals("expired");
            String challenge = expired ? EXPIRED : INVALID;
            String message = expired
                    ? "the access token expired: refresh it, or sign in again, and send the new one"
                    : "the access token was refused: it is not an unaltered access token of the throughline realm "
                    + "issued for this API; sign in again and send the new one";
            String post = refused(request("Bearer " + token).body(Map.of("query", QUERY)).when().post("/graphql")
                    .then().contentType("application/json"), challenge, message).extract().asString();
            refused(request("Bearer " + token).queryParam("query", QUERY).when().get("/graphql")
                    .then().contentType("application/json"), challenge, message);
            assertFalse(post.contains("Exception") || post.contains("jose4j") || post.contains("localhost"),
                    what + ": " + post);
        });
    }

    @Test
    void noRefusedTokenCostsARoundTripToTheAuthorizationServer() {
        int before = issuer.introspections();
        badTokens().forEach((what, token) -> request("Bearer " + token).body(Map.of("query", QUERY))
                .when().post("/graphql").then().statusCode(401));
        assertEquals(before, issuer.introspections(), "tokens were sent to the authorization server to introspect");
    }

    @Test
    void aRequestWithoutATokenGetsTheChallengeWithoutAnError() {
        String missing = "sign in: send an access token of the throughline realm as Authorization: Bearer <token>";
        refused(request(null).body(Map.of("query", QUERY)).when().post("/graphql").then(),
                "Bearer realm=\"throughline\"", missing);
        refused(request(null).queryParam("query", QUERY).when().get("/graphql").then(),
                "Bearer realm=\"throughline\"", missing);
    }

    @Test
    void theAnswerIsAGraphQLResponseWhenTheClientAsksForOne() {
        request("Bearer not-a-token").accept("application/graphql-response+json").body(Map.of("query", QUERY))
                .when().post("/graphql")
                .then().statusCode(401).contentType("application/graphql-response+json")
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void otherPathsThatNeedACallerAnswerTheSameWay() {
        String expired = badTokens().get("expired");
        for (String path : List.of("/supergraph", "/q/metrics")) {
            refused(given().when().get(path).then(), "Bearer realm=\"throughline\"",
                    "sign in: send an access token of the throughline realm as Authorization: Bearer <token>");
            refused(given().header("Authorization", "Bearer " + expired).when().get(path).then(), EXPIRED,
                    "the access token expired: refresh it, or sign in again, and send the new one");
            given().header("Authorization", "Bearer " + issuer.token(claims -> {
            })).when().get(path).then().statusCode(200);
        }
    }

    @Test
    void healthAndTheMetadataStillAnswerWithoutAToken() {
        given().when().get("/q/health/live").then().statusCode(200);
        // quarkus-oidc sends the metadata without a Content-Type: read as the cockpit's sign-in reads it, as JSON.
        JsonPath metadata = JsonPath.from(given().when().get("/.well-known/oauth-protected-resource")
                .then().statusCode(200).extract().asString());
        assertEquals("http://localhost:" + io.restassured.RestAssured.port, metadata.getString("resource"),
                "the gateway is named by the scheme it was reached by");
        assertEquals(issuer.issuer(), metadata.getString("authorization_servers[0]"));
    }

    @Test
    void graphiqlStillSendsAnAnonymousBrowserToSignIn() {
        given().redirects().follow(false).when().get("/graphql-ui/").then().statusCode(302)
                .header("Location", startsWith(issuer.authorizationEndpoint()))
                .header("WWW-Authenticate", nullValue());
    }
}
