package org.throughline.edge;

import graphql.language.SourceLocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request refused before anything runs: the GraphQL error's code and a message in the platform's own words, never
 * a class name, a library's setting, a host or a port; locations are in the operation's text, where there are any.
 */
public final class Refusal extends RuntimeException {

    private final String code;
    private final List<SourceLocation> locations;

    public Refusal(String code, String message) {
        this(code, message, List.of());
    }

    public Refusal(String code, String message, List<SourceLocation> locations) {
        super(message, null, false, false);
        this.code = code;
        this.locations = locations == null ? List.of() : List.copyOf(locations);
    }

    public String code() {
        return code;
    }

    public List<SourceLocation> locations() {
        return locations;
    }

    /** The GraphQL error this refusal is answered with. */
    public Map<String, Object> graphqlError() {
        return graphqlError(getMessage(), code, locations);
    }

    /**
     * A GraphQL error as every endpoint of the platform answers one: its message first, the locations in the
     * operation's text (when there are any), and {@code extensions.code}.
     */
    public static Map<String, Object> graphqlError(String message, String code, List<SourceLocation> locations) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (locations != null && !locations.isEmpty()) {
            error.put("locations", locations.stream()
                    .map(location -> Map.of("line", location.getLine(), "column", location.getColumn())).toList());
        }
        error.put("extensions", Map.of("code", code));
        return error;
    }
}
