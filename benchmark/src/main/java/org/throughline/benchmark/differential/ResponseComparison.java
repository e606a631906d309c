package org.throughline.benchmark.differential;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How our gateway's response to an operation differs from Apollo's: {@code data} exactly, key order included (an
 * order-only difference is its own category), and {@code errors} by presence and by path, as messages legitimately
 * differ. Each difference has a category, the unit the report counts and reproduces.
 */
final class ResponseComparison {

    static final String KEY_ORDER = "key order";
    static final String OURS_NULL = "ours null, theirs value";
    static final String THEIRS_NULL = "ours value, theirs null";
    static final String OURS_MISSING_FIELD = "ours missing field";
    static final String OURS_EXTRA_FIELD = "ours extra field";
    static final String LIST_LENGTH = "list length differs";
    static final String VALUE = "different value";
    static final String NUMBER_FORMAT = "same number, written differently";
    static final String OURS_MISSING_ERROR = "ours missing error";
    static final String ERROR_PATHS = "error paths differ";
    static final String OURS_ERROR = "ours error";
    static final String OURS_NO_DATA = "ours no data";
    static final String THEIRS_NO_DATA = "theirs no data";
    /** Not a comparison: the specification allows null {@code data} only with an error saying why. */
    static final String OURS_NULL_DATA_WITHOUT_ERROR = "ours data null without an error";

    /** One difference: its category and where in the response it is. */
    record Difference(String category, String path, String detail) {
    }

    private ResponseComparison() {
    }

    static List<Difference> compare(JsonNode ours, JsonNode theirs) {
        List<Difference> differences = new ArrayList<>();
        JsonNode ourData = ours.get("data");
        JsonNode theirData = theirs.get("data");
        boolean ourHasData = ourData != null && !ourData.isNull();
        boolean theirHasData = theirData != null && !theirData.isNull();
        if (!ourHasData && ours.path("errors").isEmpty()) {
            differences.add(new Difference(OURS_NULL_DATA_WITHOUT_ERROR, "", ""));
        }
        if (ourHasData && theirHasData) {
            data(ourData, theirData, "", differences);
        } else if (ourHasData != theirHasData) {
            differences.add(ourHasData ? new Difference(THEIRS_NO_DATA + codes(theirs), "", "")
                    : new Difference(OURS_NO_DATA + codes(ours), "", ""));
            return differences;
        }
        Map<String, Integer> ourPaths = errorPaths(ours);
        Map<String, Integer> theirPaths = errorPaths(theirs);
        if (!ourPaths.equals(theirPaths)) {
            if (theirPaths.isEmpty()) {
                differences.add(new Difference(OURS_ERROR + codes(ours), String.join(" ", ourPaths.keySet()), ""));
            } else if (ourPaths.isEmpty()) {
                differences.add(new Difference(OURS_MISSING_ERROR, String.join(" ", theirPaths.keySet()), ""));
            } else {
                differences.add(new Difference(ERROR_PATHS, "", "ours " + ourPaths + ", theirs " + theirPaths));
            }
        }
        return differences;
    }

    /** The distinct {@code extensions.code} values of the errors, as a suffix such as " QUERY_PLANNING_FAILED". */
    private static String codes(JsonNode response) {
        List<String> codes = new ArrayList<>();
        for (JsonNode error : response.path("errors")) {
            String code = error.path("extensions").path("code").asText("");
            if (!code.isEmpty() && !codes.contains(code)) {
                codes.add(code);
            }
        }
        return codes.isEmpty() ? "" : " " + String.join(", ", codes);
    }

    /** Each error's path (or "(no path)"), counted. */
    private static Map<String, Integer> errorPaths(JsonNode response) {
        Map<String, Integer> paths = new TreeMap<>();
        for (JsonNode error : response.path("errors")) {
            JsonNode path = error.get("path");
            String key = path == null || path.isNull() ? "(no path)" : pathText(path);
            paths.merge(key, 1, Integer::sum);
        }
        return paths;
    }

    private static String pathText(JsonNode path) {
        List<String> parts = new ArrayList<>();
        path.forEach(part -> parts.add(part.asText()));
        return String.join(".", parts);
    }

    private static void data(JsonNode ours, JsonNode theirs, String path, List<Difference> into) {
        if (ours.isNull() != theirs.isNull()) {
            into.add(new Difference(ours.isNull() ? OURS_NULL : THEIRS_NULL, path, ""));
            return;
        }
        if (ours.isObject() && theirs.isObject()) {
            List<String> ourKeys = keys(ours);
            List<String> theirKeys = keys(theirs);
            for (String key : theirKeys) {
                if (!ours.has(key)) {
                    into.add(new Difference(OURS_MISSING_FIELD, child(path, key), ""));
                }
            }
            for (String key : ourKeys) {
                if (!theirs.has(key)) {
                    into.add(new Difference(OURS_EXTRA_FIELD, child(path, key), ""));
                }
            }
            List<String> common = ourKeys.stream().filter(theirs::has).toList();
            if (!common.equals(theirKeys.stream().filter(ours::has).toList())) {
                into.add(new Difference(KEY_ORDER, path, "ours " + ourKeys + ", theirs " + theirKeys));
            }
            for (String key : common) {
                data(ours.get(key), theirs.get(key), child(path, key), into);
            }
        } else if (ours.isArray() && theirs.isArray()) {
            if (ours.size() != theirs.size()) {
                into.add(new Difference(LIST_LENGTH, path, "ours " + ours.size() + ", theirs " + theirs.size()));
                return;
            }
            for (int i = 0; i < ours.size(); i++) {
                data(ours.get(i), theirs.get(i), child(path, String.valueOf(i)), into);
            }
        } else if (ours.isNumber() && theirs.isNumber()) {
            if (ours.decimalValue().compareTo(theirs.decimalValue()) != 0) {
                into.add(new Difference(VALUE, path, "ours " + ours + ", theirs " + theirs));
            } else if (!ours.toString().equals(theirs.toString())) {
                into.add(new Difference(NUMBER_FORMAT, path, "ours " + ours + ", theirs " + theirs));
            }
        } else if (!ours.equals(theirs)) {
            into.add(new Difference(VALUE, path, "ours " + ours + ", theirs " + theirs));
        }
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            keys.add(names.next());
        }
        return keys;
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
