package org.throughline.edge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request body is one JSON object in UTF-8 and nothing else, or it is refused in our words, saying where. */
class RequestBodyTest {

    private static Refusal refused(String body) {
        return refused(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Refusal refused(byte[] body) {
        Refusal refusal = assertThrows(Refusal.class, () -> RequestBody.read(body));
        for (String internal : List.of("java", "Jackson", "jackson", "Exception", "LinkedHashMap", "JsonToken",
                "StreamReadConstraints", "START_", "getMax")) {
            assertFalse(refusal.getMessage().contains(internal), internal + " in: " + refusal.getMessage());
        }
        return refusal;
    }

    @Test
    void aRequestKeepsItsQueryNameVariablesAndExtensionsWithTheirJsonTypes() {
        RequestBody request = RequestBody.read("""
                {"query": "query Q($n: Int) { a }", "operationName": "Q",
                 "variables": {"n": 3, "big": 12345678901234, "x": 1.5, "list": [true, null, "s"], "o": {"b": 1, "a": 2}},
                 "extensions": {"persistedQuery": {"version": 1}}}
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals("query Q($n: Int) { a }", request.query());
        assertEquals("Q", request.operationName());
        assertEquals(3, request.variables().get("n"));
        assertEquals(12345678901234L, request.variables().get("big"));
        assertEquals(1.5, request.variables().get("x"));
        assertEquals(java.util.Arrays.asList(true, null, "s"), request.variables().get("list"));
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) request.variables().get("o")).keySet()));
        assertEquals(Map.of("persistedQuery", Map.of("version", 1)), request.extensions());
        assertEquals(Map.of(), RequestBody.read("{\"query\": \"{ a }\", \"variables\": null}".getBytes(
                StandardCharsets.UTF_8)).variables());
    }

    @Test
    void aBodyThatNamesQueryTwiceIsRefusedRatherThanRunWithTheLastOne() {
        Refusal refusal = refused("{\"query\": \"{ a }\", \"query\": \"mutation { b }\"}");
        assertEquals("BAD_REQUEST", refusal.code());
        assertEquals("the request body names \"query\" twice in one object, at line 1, column 20: which one is "
                + "meant cannot be known", refusal.getMessage());
        assertEquals("BAD_REQUEST", refused("{\"query\": \"{ a }\", \"variables\": {\"x\": 1, \"x\": 2}}").code());
    }

    @Test
    void bytesAfterTheJsonObjectAreRefusedWhateverTheyAre() {
        for (String trailing : List.of("{\"query\": \"{ a }\"}{\"query\": \"{ b }\"}", "{\"query\": \"{ a }\"} x",
                "{\"query\": \"{ a }\"}]", "{\"query\": \"{ a }\"}\n\"more\"")) {
            Refusal refusal = refused(trailing);
            assertEquals("BAD_REQUEST", refusal.code());
            assertTrue(refusal.getMessage().startsWith("the request body goes on after its JSON object, at line "),
                    refusal.getMessage());
        }
        assertEquals("{ a }", RequestBody.read("{\"query\": \"{ a }\"}  \n".getBytes(StandardCharsets.UTF_8)).query());
    }

    @Test
    void aJsonArrayIsABatchAndIsRefusedAsOne() {
        Refusal refusal = refused("[{\"query\": \"{ a }\"}, {\"query\": \"{ b }\"}]");
        assertEquals("BATCHING_NOT_ENABLED", refusal.code());
        assertTrue(refusal.getMessage().contains("send each as a request of its own"), refusal.getMessage());
    }

    @Test
    void variablesNestedPastTheLimitAreRefusedInOurWords() {
        String deep = "{\"query\": \"{ a }\", \"variables\": {\"v\": " + "[".repeat(1_001) + "]".repeat(1_001) + "}}";
        Refusal refusal = refused(deep);
        assertEquals("BAD_REQUEST", refusal.code());
        assertEquals("the request body nests objects and arrays more than 64 deep, at line 1, column 101",
                refusal.getMessage());
        String atTheLimit = "{\"query\": \"{ a }\", \"variables\": {\"v\": " + "[".repeat(62) + "]".repeat(62) + "}}";
        assertEquals("{ a }", RequestBody.read(atTheLimit.getBytes(StandardCharsets.UTF_8)).query());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirOffset() {
        byte[] latin1 = "{\"query\": \"{ caf\u00e9 }\"}".getBytes(StandardCharsets.ISO_8859_1);
        Refusal refusal = refused(latin1);
        assertEquals("BAD_REQUEST", refusal.code());
        assertEquals("the request body is not UTF-8: the byte at offset 16 (0xE9) does not begin or continue a "
                + "character", refusal.getMessage());
        assertEquals(-1, RequestBody.firstInvalidUtf8("caf\u00e9 \u20ac \ud83d\ude00".getBytes(StandardCharsets.UTF_8)));
        // An overlong '/', a UTF-16 surrogate, a code point past U+10FFFF, a sequence cut short.
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {'a', (byte) 0xE2, (byte) 0x82})) {
            assertTrue(RequestBody.firstInvalidUtf8(bad) >= 0, java.util.Arrays.toString(bad));
        }
    }

    @Test
    void whatIsNotAGraphQLRequestIsRefusedSayingWhatItIs() {
        assertEquals("the request body is empty: a GraphQL request is a JSON object {\"query\": string, "
                + "\"operationName\"?: string, \"variables\"?: object, \"extensions\"?: object}", refused(" \n").getMessage());
        assertTrue(refused("\"{ a }\"").getMessage().startsWith("the request body is a JSON string: "));
        assertEquals("the request body is not valid JSON at line 2, column 10", refused("{\"query\":\n \"{ a }\" oops}")
                .getMessage());
        assertTrue(refused("{\"query\": 3}").getMessage().endsWith("its \"query\" is a number, not a string"));
        assertTrue(refused("{\"query\": \"{ a }\", \"variables\": [1]}").getMessage()
                .endsWith("its \"variables\" is an array, not an object"));
        assertTrue(refused("{\"operationName\": \"Q\"}").getMessage().endsWith("this one has no query"));
        Refusal number = refused("{\"query\": \"{ a }\", \"variables\": {\"n\": " + "9".repeat(5_000) + "}}");
        assertEquals("the request body has a number of more than 1000 digits, at line 1, column 39", number.getMessage());
    }

    @Test
    void aGetParameterIsReadAsStrictlyAsABody() {
        assertEquals(Map.of("n", 1), RequestBody.parameter("variables", "{\"n\": 1}"));
        assertEquals(Map.of(), RequestBody.parameter("variables", " "));
        assertNull(RequestBody.parameter("variables", null).get("n"));
        Refusal refusal = assertThrows(Refusal.class, () -> RequestBody.parameter("variables", "{\"n\": 1, \"n\": 2}"));
        assertTrue(refusal.getMessage().startsWith("the variables parameter names \"n\" twice"), refusal.getMessage());
        Refusal array = assertThrows(Refusal.class, () -> RequestBody.parameter("variables", "[1]"));
        assertEquals("BAD_REQUEST", array.code());
        assertEquals("the variables parameter is a JSON array: a GraphQL request's variables and extensions are "
                + "JSON objects", array.getMessage());
    }
}
