package org.throughline.plan.service;

import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.Inputs;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Where a page ends, as an opaque string for Relay-style pagination: the sort key of the last item (a milestone's
 * baseline finish and id, another item's id), so that the next page starts right after it even if items were added.
 */
public record Cursor(LocalDate date, long id) {

    public static Cursor of(long id) {
        return new Cursor(null, id);
    }

    public static Cursor of(LocalDate date, long id) {
        return new Cursor(date, id);
    }

    public String encode() {
        String plain = (date == null ? "" : date + "/") + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor the client sent back in {@code after}; null when none was sent. */
    public static Cursor decode(String cursor, boolean dated) throws BadInputException {
        if (cursor == null) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            int slash = plain.indexOf('/');
            if (dated != (slash > 0)) {
                throw new IllegalArgumentException("not this list's cursor");
            }
            return dated ? new Cursor(LocalDate.parse(plain.substring(0, slash)), Long.parseLong(plain.substring(slash + 1)))
                    : new Cursor(null, Long.parseLong(plain));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadInputException("after", "is not a cursor this list gave out: " + Inputs.shown(cursor));
        }
    }
}
