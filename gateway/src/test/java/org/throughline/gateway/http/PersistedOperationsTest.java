package org.throughline.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Operations named by hash: Apollo's automatic persisted queries, and the trusted documents of a manifest. */
@QuarkusTest
class PersistedOperationsTest {

    private static final String QUERY = "{ __schema { queryType { name } } }";

    private static Map<String, Object> persisted(String hash) {
        return Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
    }

    @Test
    void anUnknownHashIsAskedForItsTextThenTheHashAloneRunsByPostAndByGet() {
        String hash = PersistedOperations.sha256(QUERY);
        given().contentType(ContentType.JSON).body(Map.of("extensions", persisted(hash)))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data", nullValue())
                .body("errors[0].message", equalTo("PersistedQueryNotFound"))
                .body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_NOT_FOUND"));
        given().contentType(ContentType.JSON).body(Map.of("query", QUERY, "extensions", persisted(hash)))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data.__schema.queryType.name", equalTo("Query"));
        given().contentType(ContentType.JSON).body(Map.of("extensions", persisted(hash)))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data.__schema.queryType.name", equalTo("Query"));
        given().header("apollo-require-preflight", "true")
                .queryParam("extensions", "{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}")
                .when().get("/graphql")
                .then().statusCode(200)
                .body("data.__schema.queryType.name", equalTo("Query"));
    }

    @Test
    void aTextWhoseHashIsNotTheOneSentIsRefusedAndNotKept() {
        String other = PersistedOperations.sha256("{ __typename }");
        given().contentType(ContentType.JSON).body(Map.of("query", QUERY, "extensions", persisted(other)))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("PERSISTED_QUERY_HASH_MISMATCH"));
        given().contentType(ContentType.JSON).body(Map.of("extensions", Map.of("persistedQuery",
                        Map.of("version", 2, "sha256Hash", other))))
                .when().post("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
    }

    @Test
    void anOperationOfTheManifestRunsByItsIdWithoutBeingRegistered() {
        // src/test/resources/persisted/manifest.json: its id is the SHA-256 of the body, as Apollo's tooling makes it.
        String id = PersistedOperations.sha256("query Typename { __typename }");
        given().contentType(ContentType.JSON).body(Map.of("extensions", persisted(id)))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data.__typename", equalTo("Query"));
    }

    /** docs/queries/persisted-operations.json is the manifest of the very files beside it: it cannot go stale. */
    @Test
    void theExecutiveQuestionsManifestHoldsEveryQuestionFileAsItIs() throws Exception {
        Path queries = Path.of("..", "docs", "queries");
        Map<String, String> expected = new TreeMap<>();
        try (Stream<Path> files = Files.list(queries)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".graphql")).toList()) {
                String body = Files.readString(file);
                Matcher name = Pattern.compile("(?m)^query\\s+(\\w+)").matcher(body);
                name.find();
                expected.put(name.group(1), PersistedOperations.sha256(body) + "\n" + body);
            }
        }
        JsonNode manifest = new ObjectMapper().readTree(queries.resolve("persisted-operations.json").toFile());
        assertEquals("apollo-persisted-query-manifest", manifest.get("format").asText());
        Map<String, String> actual = new TreeMap<>();
        for (JsonNode operation : manifest.get("operations")) {
            assertEquals("query", operation.get("type").asText());
            actual.put(operation.get("name").asText(), operation.get("id").asText() + "\n" + operation.get("body").asText());
        }
        assertEquals(expected, actual, "docs/queries/persisted-operations.json is stale: regenerate it from the "
                + ".graphql files (id = SHA-256 of the body)");
    }
}
