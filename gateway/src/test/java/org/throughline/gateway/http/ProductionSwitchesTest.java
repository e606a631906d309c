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

/** The gateway as production runs it: no introspection, no GraphiQL (the prod profile's defaults). */
@QuarkusTest
@TestProfile(ProductionSwitchesTest.Production.class)
class ProductionSwitchesTest {

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("throughline.gateway.introspection", "false", "throughline.gateway.graphiql", "false");
        }
    }

    @Test
    void introspectionIsRefusedWithACodeWhileTypenamesStillAnswer() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ __schema { types { name } } }"))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("INTROSPECTION_DISABLED"));
        given().contentType(ContentType.JSON).body(Map.of("query", "{ __type(name: \"Product\") { name } }"))
                .when().post("/graphql")
                .then().body("errors[0].extensions.code", equalTo("INTROSPECTION_DISABLED"));
        given().contentType(ContentType.JSON).body(Map.of("query", "{ __typename }"))
                .when().post("/graphql")
                .then().statusCode(200).body("data.__typename", equalTo("Query"));
    }

    @Test
    void graphiqlIsNotServed() {
        given().redirects().follow(false).when().get("/graphql-ui/").then().statusCode(404);
        given().redirects().follow(false).when().get("/graphql-ui/index.html").then().statusCode(404);
        given().redirects().follow(false).when().get("/graphiql").then().statusCode(404);
        given().redirects().follow(false).accept("text/html").when().get("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
    }
}
