package org.throughline.benchmark.differential;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.GraphQLSchema;
import org.throughline.benchmark.differential.ResponseComparison.Difference;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Differences where Apollo's gateway is the one that is wrong, by the GraphQL specification or Federation's
 * semantics, and ours deliberately answers otherwise. They are listed in the report with their reason and not
 * counted as our failures. The bar is strict: each is recognised only when the response itself shows Apollo's
 * answer breaking the specification and ours keeping it, checked against the operation, never by category alone.
 */
final class KnownDeviations {

    /** One deliberate deviation: when a difference is it, and why ours is right. */
    record Deviation(String name, String reason, BiPredicate<Difference, Judgement> matcher) {
    }

    /** What is needed to judge one operation's differences, worked out once and only when asked. */
    static final class Judgement {
        private final ResponseShape shape;
        private final JsonNode ours;
        private final JsonNode theirs;
        private Set<String> hiddenInTheirs;

        Judgement(GraphQLSchema schema, GeneratedOperation operation, JsonNode ours, JsonNode theirs) {
            this.shape = new ResponseShape(schema, operation);
            this.ours = ours;
            this.theirs = theirs;
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
                    + " ours has every object of the response in CollectFields order and Apollo's does not.",
            (difference, judgement) -> difference.category().equals(ResponseComparison.KEY_ORDER)
                    && judgement.oursInSpecOrder() && !judgement.theirsInSpecOrder());

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

    static final List<Deviation> ALL = List.of(VALUE_COMPLETION, DROPPED_ERROR, HIDDEN_ENUM_VALUE, KEY_ORDER);

    private KnownDeviations() {
    }

    static Optional<Deviation> of(Difference difference, Judgement judgement) {
        return ALL.stream().filter(d -> d.matcher().test(difference, judgement)).findFirst();
    }
}
