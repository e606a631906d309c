package org.throughline.subgraph;

import java.util.Optional;

/** GraphQL IDs travel as strings; our rows use numeric keys. An id that is not a number names no row. */
public final class EntityIds {

    private EntityIds() {
    }

    public static Optional<Long> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An id as stored and compared: the decimal number without padding (" 02" is "2"); anything else as given. */
    public static String canonical(String id) {
        return parse(id).map(key -> Long.toString(key)).orElse(id);
    }
}
