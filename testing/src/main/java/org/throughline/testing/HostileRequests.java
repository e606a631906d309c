package org.throughline.testing;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * Requests an attacker sends to pin or confuse a GraphQL endpoint, and what a Throughline endpoint answers each: a
 * refusal with a specific code before anything runs, or a correct answer. They select only {@code __typename} and
 * introspection (only in what is refused before validation, so it makes no difference whether introspection is
 * served), so that the same bytes go to the gateway and to any subgraph, which must answer them alike.
 */
public final class HostileRequests {

    /**
     * One hostile request: {@code code} is the refusal's {@code extensions.code}, or null when the request must be
     * answered (HTTP 200, data, no errors); {@code status} the HTTP status.
     */
    public record Case(String name, byte[] body, String code, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a message in our words never shows: a Java class or package, a library's setting, a host or a port. */
    public static final Pattern INTERNALS = Pattern.compile("\\b(java|javax|jakarta|com|org|io|graphql)\\.[a-z]"
            + "|Exception|Error\\b|StreamRead|getMax|JsonToken|LinkedHashMap|localhost|127\\.0\\.0\\.1|:\\d{2,5}\\b");

    private HostileRequests() {
    }

    public static List<Case> all() {
        return List.of(
                refused("doubling fragment spreads on the root", json(doubling("...F0", "Query", "__typename")),
                        "MAX_ROOT_FIELDS_LIMIT"),
                refused("doubling fragment spreads in a list", json(doubling("__schema { types { ...F0 } }", "__Type",
                        "name")), "MAX_FIELDS_LIMIT"),
                refused("doubling fragment spreads with aliases", json(doubling("__schema { types { ...F0 } }",
                        "__Type", "n: name")), "MAX_ALIASES_LIMIT"),
                refused("a wide root selection", json("{ " + "__typename ".repeat(7_000) + "}"),
                        "MAX_ROOT_FIELDS_LIMIT"),
                refused("a wide nested selection", json("{ __schema { types { " + "__typename ".repeat(12_000)
                        + "} } }"), "MAX_FIELDS_LIMIT"),
                refused("a deep selection", json("{ __schema { types { fields { type" + " { ofType".repeat(40)
                        + " { name }" + " }".repeat(40) + " } } } }"), "MAX_DEPTH_LIMIT"),
                refused("selections nested too deep to parse", json("{ a".repeat(1_000) + " }".repeat(1_000)),
                        "MAX_DEPTH_LIMIT"),
                refused("many directives", json("{ __typename" + " @include(if: true)".repeat(200) + " }"),
                        "MAX_DIRECTIVES_LIMIT"),
                refused("too many tokens", json("{ " + "__typename ".repeat(16_000) + "}"), "MAX_TOKENS_LIMIT"),
                refused("deep introspection", json("{ __schema { types { fields { type { fields { type { fields "
                        + "{ name } } } } } } } }"), "MAX_INTROSPECTION_DEPTH_LIMIT"),
                refused("fragments spreading each other", json("{ ...A } fragment A on Query { __typename ...B } "
                        + "fragment B on Query { ...A }"), "GRAPHQL_VALIDATION_FAILED"),
                new Case("huge variables", utf8("{\"query\": \"query Huge($skip: Boolean!) { __typename @skip(if: "
                        + "$skip) }\", \"variables\": {\"skip\": false, \"padding\": \"" + "x".repeat(1_500_000)
                        + "\", \"list\": [" + "1, ".repeat(50_000) + "1]}}"), null, 200),
                badBody("variables nested 1,001 deep", utf8("{\"query\": \"{ __typename }\", \"variables\": {\"v\": "
                        + "[".repeat(1_001) + "]".repeat(1_001) + "}}"), "BAD_REQUEST"),
                badBody("a number of 5,000 digits", utf8("{\"query\": \"{ __typename }\", \"variables\": {\"n\": "
                        + "9".repeat(5_000) + "}}"), "BAD_REQUEST"),
                badBody("a batch as a JSON array", utf8("[{\"query\": \"{ __typename }\"}, {\"query\": \"{ __typename }"
                        + "\"}]"), "BATCHING_NOT_ENABLED"),
                badBody("bytes after the JSON object", utf8("{\"query\": \"{ __typename }\"}{\"query\": \"mutation "
                        + "{ __typename }\"}"), "BAD_REQUEST"),
                badBody("the query key twice", utf8("{\"query\": \"{ __typename }\", \"query\": \"{ __schema { "
                        + "queryType { name } } }\"}"), "BAD_REQUEST"),
                badBody("bytes that are not UTF-8", "{\"query\": \"{ __type(name: \\\"caf\u00e9\\\") { name } }\"}"
                        .getBytes(StandardCharsets.ISO_8859_1), "BAD_REQUEST"),
                badBody("a body that is not JSON", utf8("query { __typename }"), "BAD_REQUEST"));
    }

    /**
     * Posts the case to {@code /graphql} of the application under test (REST Assured's base URI and port), and fails
     * unless it is answered as it must be: its status, and either its one code, no data and a message that names
     * nothing internal, or data and no errors.
     */
    public static void assertHandled(Case hostile) {
        assertHandled(hostile, "/graphql", null);
    }

    /** As {@link #assertHandled(Case)}, posted to {@code url} with an Authorization header, unless it is null. */
    public static void assertHandled(Case hostile, String url, String authorization) {
        var request = given().contentType(ContentType.JSON).body(hostile.body());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        ExtractableResponse<Response> response = request.when().post(url).then().extract();
        JsonPath answer = response.jsonPath();
        String seen = hostile.name() + " was answered " + response.statusCode() + " " + response.asString();
        require(response.statusCode() == hostile.status(), seen);
        if (hostile.code() == null) {
            require(answer.get("errors") == null && answer.getMap("data") != null, seen);
            return;
        }
        require(List.of(hostile.code()).equals(answer.getList("errors.extensions.code")), seen);
        require(!answer.getMap("").containsKey("data"), "refused before it ran, yet: " + seen);
        String message = answer.getString("errors[0].message");
        require(!INTERNALS.matcher(message).find(), "not in our words: " + seen);
    }

    private static void require(boolean condition, String otherwise) {
        if (!condition) {
            throw new AssertionError(otherwise);
        }
    }

    /**
     * {@code fragment F<i> on <type> { <leaf> ...F<i+1> ...F<i+1> }}, forty of them, under {@code entry}: 2^40
     * leaves in about 2.5 KB, as a new user of the gateway sent it.
     */
    private static String doubling(String entry, String type, String leaf) {
        StringBuilder document = new StringBuilder("query Doubling { " + entry + " }\n");
        for (int i = 0; i < 40; i++) {
            document.append("fragment F").append(i).append(" on ").append(type).append(" { ").append(leaf)
                    .append(" ...F").append(i + 1).append(" ...F").append(i + 1).append(" }\n");
        }
        return document.append("fragment F40 on ").append(type).append(" { ").append(leaf).append(" }\n").toString();
    }

    private static Case refused(String name, byte[] body, String code) {
        return new Case(name, body, code, 200);
    }

    private static Case badBody(String name, byte[] body, String code) {
        return new Case(name, body, code, 400);
    }

    /** A request body of one operation: {"query": text}, the text escaped as JSON. */
    private static byte[] json(String query) {
        return utf8("{\"query\": \"" + query.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
