package org.throughline.edge;

import graphql.language.SourceLocation;

import java.util.List;

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
}
