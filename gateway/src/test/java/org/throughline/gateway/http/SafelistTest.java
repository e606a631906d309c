package org.throughline.gateway.http;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Trusted documents only: the gateway runs the operations of its manifest and nothing else. */
@QuarkusTest
@TestProfile(SafelistTest.Safelist.class)
class SafelistTest {

    public static class Safelist implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("throughline.gateway.persisted-operations.safelist", "true");
        }
    }

    private static final String TRUSTED = "query Typename { __typename }";

    @Test
    void theManifestsOperationRunsByIdOrByItsText() {
        given().contentType(ContentType.JSON).body(Map.of("extensions", Map.of("persistedQuery",
                        Map.of("version", 1, "sha256Hash", PersistedOperations.sha256(TRUSTED)))))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data.__typename", equalTo("Query"));
        given().contentType(ContentType.JSON).body(Map.of("query", TRUSTED))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data.__typename", equalTo("Query"));
    }

    @Test
    void anyOtherOperationIsRefusedAndCannotBeRegistered() {
        String other = "{ __typename }";
        given().contentType(ContentType.JSON).body(Map.of("query", other))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_IN_LIST"));
        given().contentType(ContentType.JSON).body(Map.of("query", other, "extensions", Map.of("persistedQuery",
                        Map.of("version", 1, "sha256Hash", PersistedOperations.sha256(other)))))
                .when().post("/graphql")
                .then().body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_IN_LIST"));
        given().contentType(ContentType.JSON).body(Map.of("extensions", Map.of("persistedQuery",
                        Map.of("version", 1, "sha256Hash", PersistedOperations.sha256(other)))))
                .when().post("/graphql")
                .then().body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_IN_LIST"));
    }
}
