package org.throughline.edge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GraphQL-over-HTTP request read strictly, before anything parses its operation: one JSON object in UTF-8, no key
 * twice in an object (a reader that kept the last one would run what a proxy or a log saw as something else), nothing
 * after it, nested at most {@link #MAX_NESTING} deep, numbers of at most {@link #MAX_NUMBER_DIGITS} digits. Every
 * refusal is a {@link Refusal} in the platform's words, saying where the body goes wrong.
 *
 * @param query         the operation's text; null when the request names a persisted operation instead
 * @param operationName which operation of the document to run; null when not given
 * @param variables     the variables as sent (objects as maps in their order); empty when not given
 * @param extensions    the request's extensions (persisted queries); null when not given
 */
public record RequestBody(String query, String operationName, Map<String, Object> variables,
                          Map<String, Object> extensions) {

    /** Objects and arrays inside one another, the body itself at depth 1: far beyond any input type's nesting. */
    public static final int MAX_NESTING = 64;
    /** Digits of one number: beyond any ID or amount, short of numbers whose conversion takes seconds. */
    public static final int MAX_NUMBER_DIGITS = 1000;

    private static final String SHAPE = "a GraphQL request is a JSON object {\"query\": string, \"operationName\"?: "
            + "string, \"variables\"?: object, \"extensions\"?: object}";

    /** Only what this class checks itself is left to Jackson's own bounds, so that its messages never reach anyone. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING + 1)
                    .maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE).build())
            .build();

    public RequestBody {
        variables = variables == null ? Map.of() : variables;
    }

    /** The body of a POST. */
    public static RequestBody read(byte[] body) {
        Map<String, Object> fields = object(body, "the request body", SHAPE, true);
        Object query = fields.get("query");
        Object operationName = fields.get("operationName");
        Object variables = fields.get("variables");
        Object extensions = fields.get("extensions");
        requireType("query", query, String.class, "a string");
        requireType("operationName", operationName, String.class, "a string");
        requireType("variables", variables, Map.class, "an object");
        requireType("extensions", extensions, Map.class, "an object");
        if (query == null && extensions == null) {
            throw new Refusal("BAD_REQUEST", SHAPE + "; this one has no query");
        }
        @SuppressWarnings("unchecked")
        RequestBody request = new RequestBody((String) query, (String) operationName,
                (Map<String, Object>) variables, (Map<String, Object>) extensions);
        return request;
    }

    /**
     * A JSON object sent as a query parameter of a GET ({@code variables}, {@code extensions}); empty when the
     * parameter is absent or blank.
     */
    public static Map<String, Object> parameter(String name, String value) {
        if (value == null || value.isBlank()) {
            return Map.of();
        }
        return object(value.getBytes(java.nio.charset.StandardCharsets.UTF_8), "the " + name + " parameter",
                "a GraphQL request's variables and extensions are JSON objects", false);
    }

    /** A body that is the operation's text itself ({@code application/graphql}), refused unless it is UTF-8. */
    public static String text(byte[] body, String what) {
        requireUtf8(body, what);
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void requireUtf8(byte[] bytes, String what) {
        int invalid = firstInvalidUtf8(bytes);
        if (invalid >= 0) {
            throw new Refusal("BAD_REQUEST", what + " is not UTF-8: the byte at offset " + invalid
                    + String.format(" (0x%02X)", bytes[invalid] & 0xFF) + " does not begin or continue a character");
        }
    }

    private static void requireType(String key, Object value, Class<?> type, String expected) {
        if (value != null && !type.isInstance(value)) {
            throw new Refusal("BAD_REQUEST", SHAPE + "; its \"" + key + "\" is " + kind(value) + ", not " + expected);
        }
    }

    /**
     * {@code bytes} as one JSON object, refused in the words of {@code what} ("the request body"), saying what is
     * {@code expected}; an array is a batch of operations when {@code request}, the whole request, is read.
     */
    private static Map<String, Object> object(byte[] bytes, String what, String expected, boolean request) {
        if (bytes.length == 0 || isBlank(bytes)) {
            throw new Refusal("BAD_REQUEST", what + " is empty: " + expected);
        }
        requireUtf8(bytes, what);
        try (JsonParser parser = JSON.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY && request) {
                throw new Refusal("BATCHING_NOT_ENABLED", what + " is a JSON array, a batch of operations: this "
                        + "endpoint runs one operation per request, so send each as a request of its own");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new Refusal("BAD_REQUEST", what + " is " + kind(first) + ": " + expected);
            }
            Map<String, Object> object = readObject(parser, what, 1);
            JsonToken after;
            try {
                after = parser.nextToken();
            } catch (JsonProcessingException e) {
                after = JsonToken.NOT_AVAILABLE;
            }
            if (after != null) {
                throw new Refusal("BAD_REQUEST", what + " goes on after its JSON object, " + at(parser
                        .currentTokenLocation()) + ": send one object and nothing else");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new Refusal("BAD_REQUEST", what + " is not valid JSON " + at(e.getLocation()));
        } catch (IOException e) {
            throw new Refusal("BAD_REQUEST", what + " could not be read");
        }
    }

    private static Map<String, Object> readObject(JsonParser parser, String what, int depth) throws IOException {
        requireDepth(parser, what, depth);
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            if (object.containsKey(name)) {
                throw new Refusal("BAD_REQUEST", what + " names \"" + name + "\" twice in one object, "
                        + at(parser.currentTokenLocation()) + ": which one is meant cannot be known");
            }
            object.put(name, value(parser, parser.nextToken(), what, depth));
        }
        return object;
    }

    private static List<Object> readArray(JsonParser parser, String what, int depth) throws IOException {
        requireDepth(parser, what, depth);
        List<Object> array = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token, what, depth));
        }
        return array;
    }

    private static Object value(JsonParser parser, JsonToken token, String what, int depth) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser, what, depth + 1);
            case START_ARRAY -> readArray(parser, what, depth + 1);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                if (parser.getTextLength() > MAX_NUMBER_DIGITS) {
                    throw new Refusal("BAD_REQUEST", what + " has a number of more than " + MAX_NUMBER_DIGITS
                            + " digits, " + at(parser.currentTokenLocation()));
                }
                yield parser.getNumberValue();
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new Refusal("BAD_REQUEST", what + " is not valid JSON "
                    + at(parser.currentTokenLocation()));
        };
    }

    private static void requireDepth(JsonParser parser, String what, int depth) {
        if (depth > MAX_NESTING) {
            throw new Refusal("BAD_REQUEST", what + " nests objects and arrays more than " + MAX_NESTING
                    + " deep, " + at(parser.currentTokenLocation()));
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String kind(Object value) {
        if (value instanceof JsonToken token) {
            return switch (token) {
                case VALUE_STRING -> "a JSON string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
                case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
                case VALUE_NULL -> "JSON null";
                case START_ARRAY -> "a JSON array";
                default -> "not JSON";
            };
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof List ? "an array" : "an object";
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** The offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates), or -1. */
    static int firstInvalidUtf8(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            if (length == 0 || i + length > bytes.length) {
                return i;
            }
            // The second byte's range is narrower after these leads: overlong forms, surrogates, beyond U+10FFFF.
            int second = bytes[i + 1] & 0xFF;
            int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
            int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
            if (second < low || second > high) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
