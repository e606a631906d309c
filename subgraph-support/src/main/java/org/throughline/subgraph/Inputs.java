package org.throughline.subgraph;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks inputs where they enter a service, so that a bad value is refused with its field's name instead of failing
 * deeper down or being stored. Every message quotes the offending value only through {@link #shown}, so a huge input
 * is never echoed back.
 */
public final class Inputs {

    /** Planning and measuring happen in this century; anything outside is a typing error, not a plan. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(2099, 12, 31);

    /** User ids as identity providers issue them (Keycloak user names, subjects, e-mail addresses). */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}");
    private static final Pattern ENTITY_ID = Pattern.compile("[0-9]{1,18}");
    private static final int SHOWN = 40;

    private Inputs() {
    }

    /** A required text: trimmed, not blank, at most {@code max} characters. */
    public static String requiredText(String field, String value, int max) throws BadInputException {
        return optionalText(field, value, max)
                .orElseThrow(() -> new BadInputException(field, "is required and may not be blank"));
    }

    /** An optional text: trimmed, empty when blank, at most {@code max} characters. */
    public static Optional<String> optionalText(String field, String value, int max) throws BadInputException {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw new BadInputException(field, "may be at most " + max + " characters long, it has "
                    + trimmed.length());
        }
        return Optional.of(trimmed);
    }

    /** The row key named by a GraphQL ID; anything but a plain positive number is refused. */
    public static long id(String field, String value) throws BadInputException {
        String trimmed = value == null ? "" : value.strip();
        if (!ENTITY_ID.matcher(trimmed).matches() || Long.parseLong(trimmed) == 0) {
            throw new BadInputException(field, "is not an id: " + shown(value));
        }
        return Long.parseLong(trimmed);
    }

    /** The id of another service's item, as stored and compared: {@link #id} in its canonical decimal form. */
    public static String canonicalId(String field, String value) throws BadInputException {
        return Long.toString(id(field, value));
    }

    /** Ids in {@link #canonicalId canonical form}, each once, in the order given; null when none are given. */
    public static Set<String> canonicalIds(String field, List<String> values) throws BadInputException {
        if (values == null) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String value : values) {
            ids.add(canonicalId(field, value));
        }
        return ids;
    }

    /**
     * A user id: one accountable person of the realm, never free text. Well formed, and (unless in the insecure
     * quick start) a user Keycloak knows: unknown-person otherwise. Answered in {@link #canonicalUserId canonical
     * form}, as it is stored and compared: {@code IT-Lead} is {@code it-lead}.
     */
    public static String userId(String field, String value) throws BadInputException {
        // Checked before lower-casing, which would turn some letters outside ASCII (the Kelvin sign) into ASCII ones.
        if (!USER_ID.matcher(value == null ? "" : value.strip()).matches()) {
            throw new BadInputException(field, "is not a user id (letters, digits and . _ @ + -, at most 100): "
                    + shown(value));
        }
        String canonical = canonicalUserId(value);
        People.requireKnown(field, canonical);
        return canonical;
    }

    /**
     * A user id in the one form it is stored and compared in, trimmed and lower case ({@link Locale#ROOT}), as
     * Keycloak keeps usernames: it matches them without regard to case, so {@code IT-Lead}, {@code it-lead} and
     * {@code IT-LEAD} name one person, and must not be stored as three. Null stays null; nothing is checked.
     */
    public static String canonicalUserId(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    /** A date inside the planning window; null passes as null. */
    public static LocalDate date(String field, LocalDate value) throws BadInputException {
        if (value != null && (value.isBefore(EARLIEST_DATE) || value.isAfter(LATEST_DATE))) {
            throw new BadInputException(field, "must lie between " + EARLIEST_DATE + " and " + LATEST_DATE
                    + ", it is " + value);
        }
        return value;
    }

    /** A required date inside the planning window. */
    public static LocalDate requiredDate(String field, LocalDate value) throws BadInputException {
        if (value == null) {
            throw new BadInputException(field, "is required");
        }
        return date(field, value);
    }

    /** An instant to look back at: not in the future (beyond a minute of clock skew) and not before the window. */
    public static OffsetDateTime asOf(String field, OffsetDateTime value) throws BadInputException {
        if (value != null && value.isAfter(OffsetDateTime.now().plusMinutes(1))) {
            throw new BadInputException(field, "lies in the future; the record can only answer how things stood");
        }
        if (value != null) {
            date(field, value.toLocalDate());
        }
        return value;
    }

    /** A whole number within bounds; null passes as null. */
    public static Integer range(String field, Integer value, int min, int max) throws BadInputException {
        if (value != null && (value < min || value > max)) {
            throw new BadInputException(field, "must lie between " + min + " and " + max + ", it is " + value);
        }
        return value;
    }

    /** The value as an error message may quote it: at most a short prefix, so that a huge input is never echoed. */
    public static String shown(String value) {
        if (value == null) {
            return "nothing";
        }
        String flat = value.replaceAll("\\s+", " ");
        return flat.length() <= SHOWN ? "'" + flat + "'"
                : "'" + flat.substring(0, SHOWN) + "…' (" + value.length() + " characters)";
    }
}
