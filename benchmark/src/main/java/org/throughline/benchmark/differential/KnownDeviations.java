package org.throughline.benchmark.differential;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.GraphQLSchema;
import org.throughline.benchmark.differential.ResponseComparison.Difference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Differences where Apollo's gateway is the one that is wrong, by the GraphQL specification or Federation's
 * semantics, and ours deliberately answers otherwise. They are listed in the report with their reason and not
 * counted as our failures. The bar is strict: each is recognised only when the response itself shows Apollo's
 * answer breaking the specification and ours keeping it, checked against the operation, never by category alone.
 * Where Apollo's response has too little in it to judge ours by (no data, fields missing, a null), ours must equal
 * Apollo's own answer to the same operation written out ({@link WrittenOutOperation}), which the specification
 * answers identically: a second opinion from the reference, not an assumption that ours is right.
 */
final class KnownDeviations {

    /** One deliberate deviation: when a difference is it, and why ours is right. */
    record Deviation(String name, String reason, BiPredicate<Difference, Judgement> matcher) {
    }

    /** What is needed to judge one operation's differences, worked out once and only when asked. */
    static final class Judgement {
        private final GraphQLSchema schema;
        private final GeneratedOperation operation;
        private final ResponseShape shape;
        private final JsonNode ours;
        private final JsonNode theirs;
        private final Function<GeneratedOperation, JsonNode> apollo;
        private Set<String> hiddenInTheirs;
        private Boolean writtenOutAgrees;

        /** A judgement from the two responses alone, without a second opinion from Apollo's gateway. */
        Judgement(GraphQLSchema schema, GeneratedOperation operation, JsonNode ours, JsonNode theirs) {
            this(schema, operation, ours, theirs, null);
        }

        /**
         * @param apollo Apollo's gateway's response to another operation, asked only when a deviation needs its
         *               answer to the operation written out; null when there is no asking
         */
        Judgement(GraphQLSchema schema, GeneratedOperation operation, JsonNode ours, JsonNode theirs,
                  Function<GeneratedOperation, JsonNode> apollo) {
            this.schema = schema;
            this.operation = operation;
            this.shape = new ResponseShape(schema, operation);
            this.ours = ours;
            this.theirs = theirs;
            this.apollo = apollo;
        }

        /**
         * Whether Apollo's gateway, asked the operation written out, answers with data that differs from ours at
         * most by the deviations that need no second opinion (those then judged between ours and that answer).
         * Asked once per operation, and only when a deviation needs it.
         */
        boolean writtenOutAgrees() {
            if (writtenOutAgrees == null) {
                writtenOutAgrees = apollo != null && askWrittenOut();
            }
            return writtenOutAgrees;
        }

        private boolean askWrittenOut() {
            GeneratedOperation written;
            try {
                written = WrittenOutOperation.of(schema, operation);
            } catch (IllegalArgumentException e) {
                return false;
            }
            JsonNode reference = apollo.apply(written);
            if (reference == null || !reference.path("data").isObject()) {
                return false;
            }
            Judgement second = new Judgement(schema, operation, ours, reference);
            return ResponseComparison.compare(ours, reference).stream()
                    .allMatch(difference -> of(difference, second).isPresent());
        }

        /** The data of ours, which has data whenever a deviation that asks for it applies. */
        JsonNode ourData() {
            return ours.path("data");
        }

        /** Whether Apollo's response has no {@code data} key and only errors without a path: a request failure. */
        boolean theirsFailedWhole() {
            return !theirs.has("data") && !theirs.path("errors").isEmpty()
                    && theirErrorPathList().stream().allMatch(List::isEmpty);
        }

        boolean theirsHaveData() {
            return theirs.path("data").isObject();
        }

        /** Whether Apollo's response has an error, in {@code errors} or its extensions, at the path or above. */
        boolean theirErrorAtOrAbove(String path) {
            Set<String> paths = new HashSet<>(theirErrorPaths());
            paths.addAll(theirValueCompletionPaths());
            return paths.stream().anyMatch(p -> p.equals("(no path)") || p.equals(path)
                    || path.startsWith(p + "."));
        }

        /** Apollo's error paths, each a list of its parts, duplicates kept. */
        List<List<String>> theirErrorPathList() {
            return errorPathList(theirs.path("errors"));
        }

        List<List<String>> ourErrorPathList() {
            return errorPathList(ours.path("errors"));
        }

        private static List<List<String>> errorPathList(JsonNode errors) {
            List<List<String>> paths = new ArrayList<>();
            for (JsonNode error : errors) {
                List<String> parts = new ArrayList<>();
                error.path("path").forEach(part -> parts.add(part.asText()));
                paths.add(parts);
            }
            return paths;
        }

        /** Paths where Apollo's data holds an enum value the API schema does not have. */
        Set<String> hiddenInTheirs() {
            if (hiddenInTheirs == null) {
                hiddenInTheirs = shape.hiddenEnumValues(theirs.path("data"));
            }
            return hiddenInTheirs;
        }

        boolean oursInSpecOrder() {
            return shape.inSpecOrder(ours.path("data"));
        }

        boolean theirsInSpecOrder() {
            return shape.inSpecOrder(theirs.path("data"));
        }

        Set<String> ourErrorPaths() {
            return errorPaths(ours.path("errors"));
        }

        Set<String> theirErrorPaths() {
            return errorPaths(theirs.path("errors"));
        }

        boolean sameData() {
            return ours.path("data").equals(theirs.path("data"));
        }

        /** Whether both responses hold null at a proper prefix of the path (the data itself included). */
        boolean nulledAboveInBoth(String path) {
            List<String> parts = List.of(path.split("\\."));
            for (int length = 0; length < parts.size(); length++) {
                if (isNull(ours.path("data"), parts.subList(0, length))
                        && isNull(theirs.path("data"), parts.subList(0, length))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isNull(JsonNode data, List<String> parts) {
            JsonNode node = data;
            for (String part : parts) {
                node = node.isArray() ? node.path(Integer.parseInt(part)) : node.path(part);
            }
            return node.isNull();
        }

        /** Paths of the field errors Apollo's gateway put under {@code extensions.valueCompletion}. */
        Set<String> theirValueCompletionPaths() {
            return errorPaths(theirs.path("extensions").path("valueCompletion"));
        }

        private static Set<String> errorPaths(JsonNode errors) {
            Set<String> paths = new HashSet<>();
            for (JsonNode error : errors) {
                List<String> parts = new java.util.ArrayList<>();
                error.path("path").forEach(part -> parts.add(part.asText()));
                paths.add(parts.isEmpty() ? "(no path)" : String.join(".", parts));
            }
            return paths;
        }
    }

    static final Deviation HIDDEN_ENUM_VALUE = new Deviation("Apollo returns an enum value the API schema hides",
            "A subgraph returned an `@inaccessible` enum value. It is not a value of the API schema's enum, and"
                    + " the specification's result coercion of an enum (\"Enums\", Result Coercion) must then raise"
                    + " a field error; Apollo's gateway passes the subgraph's value to the client. Ours answers"
                    + " null with a field error at that path, propagated to the nearest nullable parent as non-null"
                    + " fields require. Recognised only when every difference of the operation lies on the path"
                    + " to such a value.",
            (difference, judgement) -> {
                Set<String> hidden = judgement.hiddenInTheirs();
                if (hidden.isEmpty()) {
                    return false;
                }
                String category = difference.category();
                if (category.equals(ResponseComparison.OURS_NULL)) {
                    return hidden.stream().anyMatch(path -> path.equals(difference.path())
                            || difference.path().isEmpty() || path.startsWith(difference.path() + "."));
                }
                Set<String> ourPaths = judgement.ourErrorPaths();
                if (category.startsWith(ResponseComparison.OURS_ERROR)
                        || category.startsWith(ResponseComparison.OURS_NO_DATA)) {
                    return !ourPaths.isEmpty() && hidden.containsAll(ourPaths);
                }
                if (category.equals(ResponseComparison.ERROR_PATHS)) {
                    Set<String> rest = new HashSet<>(ourPaths);
                    rest.removeAll(hidden);
                    return ourPaths.containsAll(hidden) && rest.equals(judgement.theirErrorPaths());
                }
                return false;
            });

    static final Deviation KEY_ORDER = new Deviation("Apollo's key order is not the specification's",
            "The specification orders a response object's keys as CollectFields meets the fields, through"
                    + " fragments in document order (\"Serialized Map Ordering\"); Apollo's gateway moves some"
                    + " (often `__typename`, or a field that another fetch filled) elsewhere. Recognised only when"
                    + " ours has every object of the response in CollectFields order and Apollo's does not or, where"
                    + " Apollo's object lacks fields so that its order fits another type's collected fields, when"
                    + " Apollo's own answer to the operation written out has ours' order.",
            (difference, judgement) -> difference.category().equals(ResponseComparison.KEY_ORDER)
                    && judgement.oursInSpecOrder()
                    && (!judgement.theirsInSpecOrder() || judgement.writtenOutAgrees()));

    static final Deviation VALUE_COMPLETION = new Deviation("Apollo puts field errors under extensions, not errors",
            "When a subgraph's value cannot be completed (null for a non-null field, a value outside an enum),"
                    + " the specification's execution raises a field error, which goes in the response's `errors`"
                    + " (\"Handling Field Errors\", \"Errors\"); Apollo's gateway nulls the data as it should but"
                    + " lists these errors only under `extensions.valueCompletion`, so a client sees null data with"
                    + " no error. Recognised only when every error path of ours is one of Apollo's, in `errors` or"
                    + " `extensions.valueCompletion`, and every path in Apollo's `errors` is one of ours: the same"
                    + " errors, placed differently.",
            (difference, judgement) -> {
                String category = difference.category();
                if (!category.startsWith(ResponseComparison.OURS_ERROR)
                        && !category.equals(ResponseComparison.ERROR_PATHS)) {
                    return false;
                }
                Set<String> completion = judgement.theirValueCompletionPaths();
                Set<String> theirs = new HashSet<>(judgement.theirErrorPaths());
                Set<String> ours = judgement.ourErrorPaths();
                boolean sameErrors = ours.containsAll(theirs);
                theirs.addAll(completion);
                return !completion.isEmpty() && sameErrors && theirs.containsAll(ours);
            });

    static final Deviation DROPPED_ERROR = new Deviation("Apollo nulls an object without an error",
            "Both gateways return the same data, with null where a non-null field inside could not be resolved"
                    + " (for example an entity a subgraph does not know); ours reports the field error at that"
                    + " field, Apollo's reports none, in `errors` or in its extensions. The specification propagates"
                    + " such a null only together with a field error (\"Handling Field Errors\"). Recognised only"
                    + " when the data are identical, every error of Apollo's is also ours, and each error only ours"
                    + " has lies inside an object or list that both responses hold as null.",
            (difference, judgement) -> {
                String category = difference.category();
                if (!category.startsWith(ResponseComparison.OURS_ERROR)
                        && !category.equals(ResponseComparison.ERROR_PATHS) || !judgement.sameData()) {
                    return false;
                }
                Set<String> ours = new HashSet<>(judgement.ourErrorPaths());
                Set<String> theirs = judgement.theirErrorPaths();
                if (!ours.containsAll(theirs)) {
                    return false;
                }
                ours.removeAll(theirs);
                return judgement.theirValueCompletionPaths().isEmpty() && !ours.isEmpty() && ours.stream().allMatch(path -> !path.equals("(no path)")
                        && judgement.nulledAboveInBoth(path));
            });

    static final Deviation NO_DATA = new Deviation("Apollo answers a valid operation with no data",
            "The specification executes every valid operation (\"ExecuteRequest\"); a response without `data` is"
                    + " for request errors, which come before execution (syntax, validation, variables that cannot"
                    + " be coerced), and `data` is null only with an error in `errors` that says why. Apollo's"
                    + " gateway fails to plan some valid operations, answering only an `INTERNAL_SERVER_ERROR`"
                    + " (\"We should have an edge from Media(popularity) for __typename\" for a fragment on `Item`"
                    + " inside the `@interfaceObject` type `Media`), and nulls `data` over value-completion errors"
                    + " no subgraph's data explains, with nothing in `errors`. Recognised only when ours has data (or,"
                    + " where both have none, Apollo's only errors are without a path)"
                    + " and Apollo answers the same operation written out (`@skip` and `@include` applied,"
                    + " fragments put in place, a fragment on an interface or union spelled once per object type,"
                    + " which CollectFields answers identically) with ours' data and error paths.",
            (difference, judgement) -> (difference.category().startsWith(ResponseComparison.THEIRS_NO_DATA)
                    && judgement.ourData().isObject()
                    || difference.category().equals(ResponseComparison.ERROR_PATHS) && judgement.theirsFailedWhole())
                    && judgement.writtenOutAgrees());

    static final Deviation DROPPED_FRAGMENT_FIELDS = new Deviation(
            "Apollo drops the fields of a fragment the object's type meets",
            "CollectFields collects the selections of every fragment whose type condition the object's type meets"
                    + " (\"DoesFragmentTypeApply\"); Apollo's gateway leaves them out in some plans: `deals { ... on"
                    + " Book { __typename views } }` answers `{}` for the Books (`views` comes from popularity's"
                    + " `@interfaceObject` `Media`) unless `id` is selected too, and `mediaById(id: \"m2\") { ... on"
                    + " Movie { title } }` loses `title` beside fields from popularity. Recognised only when"
                    + " Apollo's answer to the operation written out has every field ours has, with ours' values,"
                    + " and otherwise equals ours.",
            (difference, judgement) -> difference.category().equals(ResponseComparison.OURS_EXTRA_FIELD)
                    && judgement.theirsHaveData() && judgement.writtenOutAgrees());

    static final Deviation NULL_WITHOUT_ERROR = new Deviation("Apollo answers null for a field that has a value",
            "A field is null when its subgraph returns null or raises a field error, which goes in `errors`"
                    + " (\"Handling Field Errors\"); Apollo's gateway answers `handlingFee: null` with no error"
                    + " when that end of the `@requires` chain (handlingFee needs shippingCost, which needs the"
                    + " weight and price products owns) carries `@include` or `@skip` with a variable. The"
                    + " subgraphs' fixed data give 65 for p1 (weight 30.5 rounded up is 31, twice that is a"
                    + " shipping cost of 62, plus 3), which ours answers and Apollo answers too without the"
                    + " directive. Recognised only when Apollo's response has no error at or above the null and"
                    + " Apollo's answer to the operation written out equals ours.",
            (difference, judgement) -> difference.category().equals(ResponseComparison.THEIRS_NULL)
                    && !judgement.theirErrorAtOrAbove(difference.path()) && judgement.writtenOutAgrees());

    static final Deviation ENTITY_INDEX_ERROR_PATHS = new Deviation(
            "Apollo's error paths count entities, not list positions",
            "An error's `path` names the response field where it occurred, a list index being the item's"
                    + " position in the list the client gets (\"Errors\", \"path\"). Apollo's gateway uses the"
                    + " entity's index in its `_entities` request instead: in a list of Books and Movies where a"
                    + " field only Books have fails, its errors read 0, 1, 2 for the Books at positions 0, 2 and 4,"
                    + " so one points at a Movie. Recognised only when the data are equal (or Apollo's answer to"
                    + " the operation written out equals ours) and reading each of Apollo's paths with one list"
                    + " index j as the j-th item of that list that has the field gives exactly ours' error paths,"
                    + " each at a null in ours.",
            (difference, judgement) -> difference.category().equals(ResponseComparison.ERROR_PATHS)
                    && entityIndexed(judgement) && (judgement.sameData() || judgement.writtenOutAgrees()));

    /**
     * Whether Apollo's error paths, each read with its one list index counting the items of that list that have the
     * errored field, are ours' error paths, each of which holds null in ours.
     */
    static boolean entityIndexed(Judgement judgement) {
        JsonNode data = judgement.ourData();
        List<String> mapped = new ArrayList<>();
        for (List<String> path : judgement.theirErrorPathList()) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < path.size(); i++) {
                if (path.get(i).matches("\\d+")) {
                    indices.add(i);
                }
            }
            if (indices.isEmpty()) {
                mapped.add(String.join(".", path));
                continue;
            }
            int at = indices.get(0);
            if (indices.size() > 1 || at == path.size() - 1) {
                return false;
            }
            JsonNode list = at(data, path.subList(0, at));
            if (list == null || !list.isArray()) {
                return false;
            }
            String field = path.get(at + 1);
            int wanted = Integer.parseInt(path.get(at));
            int position = -1;
            for (int i = 0, seen = -1; i < list.size(); i++) {
                if (list.get(i).isObject() && list.get(i).has(field) && ++seen == wanted) {
                    position = i;
                    break;
                }
            }
            if (position < 0) {
                return false;
            }
            List<String> ours = new ArrayList<>(path);
            ours.set(at, String.valueOf(position));
            JsonNode value = at(data, ours);
            if (value == null || !value.isNull()) {
                return false;
            }
            mapped.add(String.join(".", ours));
        }
        List<String> ours = judgement.ourErrorPathList().stream().map(path -> String.join(".", path)).sorted().toList();
        return !mapped.isEmpty() && mapped.stream().sorted().toList().equals(ours);
    }

    /** The node at a path of keys and list indices; null when there is none. */
    private static JsonNode at(JsonNode data, List<String> path) {
        JsonNode node = data;
        for (String part : path) {
            node = node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    static final List<Deviation> ALL = List.of(VALUE_COMPLETION, DROPPED_ERROR, HIDDEN_ENUM_VALUE, KEY_ORDER,
            ENTITY_INDEX_ERROR_PATHS, NO_DATA, DROPPED_FRAGMENT_FIELDS, NULL_WITHOUT_ERROR);

    private KnownDeviations() {
    }

    static Optional<Deviation> of(Difference difference, Judgement judgement) {
        return ALL.stream().filter(d -> d.matcher().test(difference, judgement)).findFirst();
    }
}
