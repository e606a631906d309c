package org.throughline.testing;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Posts real GraphQL documents to the service under test, the way a client or the gateway does. */
public final class GraphQLEndpoint {

    private GraphQLEndpoint() {
    }

    /** Posts the document to {@code /graphql}; GraphQL answers 200 even with errors, so anything else fails here. */
    public static ValidatableResponse graphql(String document, Map<String, Object> variables) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("query", document, "variables", variables))
                .when().post("/graphql")
                .then().log().ifValidationFails().statusCode(200);
    }

    /** Variables from name, value pairs; values may be null, which Map.of refuses. */
    public static Map<String, Object> variables(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
