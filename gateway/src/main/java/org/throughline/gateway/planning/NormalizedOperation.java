package org.throughline.gateway.planning;

import com.fasterxml.jackson.core.io.SerializedString;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import org.throughline.gateway.supergraph.Supergraph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An operation with its fragments, type conditions and {@code @skip}/{@code @include} resolved ahead of time: for
 * every place of the response and every object type a value there can have at runtime, the fields that come out,
 * one per response key, each with the merged sub-selection of every occurrence of that key (GraphQL's
 * CollectFields, applied once per operation instead of once per object of every response). The planner plans
 * from it and the response shaper shapes by it, so the fetches and the response always agree on what was asked.
 */
public final class NormalizedOperation {

    /** Beyond this many normalised fields (type conditions multiply them), an operation is refused, not expanded. */
    static final int MAX_FIELDS = 100_000;

    private final OperationDefinition.Operation kind;
    private final String name;
    private final GraphQLObjectType rootType;
    private final Selections root;
    private final Map<String, graphql.language.VariableDefinition> variables;

    private NormalizedOperation(OperationDefinition operation, GraphQLObjectType rootType, Selections root) {
        this.kind = operation.getOperation();
        this.name = operation.getName();
        this.rootType = rootType;
        this.root = root;
        Map<String, graphql.language.VariableDefinition> definitions = new LinkedHashMap<>();
        operation.getVariableDefinitions().forEach(v -> definitions.put(v.getName(), v));
        this.variables = Collections.unmodifiableMap(definitions);
    }

    /**
     * Normalises the named operation of a validated document (or its only one) against {@code schema}, with the
     * values of the variables its {@code @skip}/{@code @include} conditions use; with {@code conditions} null,
     * every conditional selection is kept (what a planner checks once to find what can never be planned).
     */
    public static NormalizedOperation of(GraphQLSchema schema, Document document, String operationName,
                                         Map<String, Object> conditions) {
        return of(schema, document, operationName, conditions, () -> { });
    }

    /**
     * As {@link #of(GraphQLSchema, Document, String, Map)}, running {@code checkpoint} every few hundred fields: it
     * may throw to stop a normalisation whose request has run out of time.
     */
    public static NormalizedOperation of(GraphQLSchema schema, Document document, String operationName,
                                         Map<String, Object> conditions, Runnable checkpoint) {
        OperationDefinition operation = QueryPlanner.operation(document, operationName);
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        GraphQLObjectType rootType = switch (operation.getOperation()) {
            case QUERY -> schema.getQueryType();
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
        };
        if (rootType == null) {
            throw new PlanningException("the schema has no " + operation.getOperation().name().toLowerCase() + " type");
        }
        Normalizer normalizer = new Normalizer(schema, new FieldCollector(schema, fragments, conditions), checkpoint);
        return new NormalizedOperation(operation, rootType,
                normalizer.selections(List.of(operation.getSelectionSet()), rootType));
    }

    /**
     * A field set of the supergraph (a key, a {@code @requires}, a {@code @provides}) on {@code type}, normalised
     * against {@code schema}: fields the gateway selects for itself, planned like the client's own.
     */
    public static Selections fieldSet(GraphQLSchema schema, SelectionSet fieldSet, GraphQLCompositeType type) {
        return new Normalizer(schema, new FieldCollector(schema, Map.of(), null), () -> { })
                .selections(List.of(fieldSet), type);
    }

    public OperationDefinition.Operation kind() {
        return kind;
    }

    /** The operation's name; null when it has none. */
    public String name() {
        return name;
    }

    public GraphQLObjectType rootType() {
        return rootType;
    }

    /** What the operation selects on its root type. */
    public Selections root() {
        return root;
    }

    /** The operation's variable declarations by name. */
    public Map<String, graphql.language.VariableDefinition> variables() {
        return variables;
    }

    /**
     * The fields selected on a value of one composite type, per object type the value can have at runtime: for an
     * object type, one entry; for an interface or union, one per possible type that any field is selected on.
     */
    public static final class Selections {
        private static final SerializedString[] NO_KEYS = new SerializedString[0];

        private final Map<String, List<NormalizedField>> byType;
        private final Map<String, SerializedString[]> keysByType = new java.util.HashMap<>();
        /** The one runtime type and its fields, when there is one (an object type): found without a map lookup. */
        private final String soleType;
        private final List<NormalizedField> soleFields;
        private final SerializedString[] soleKeys;

        Selections(Map<String, List<NormalizedField>> byType) {
            this.byType = byType;
            byType.forEach((type, fields) -> keysByType.put(type, fields.stream()
                    .map(field -> new SerializedString(field.responseKey())).toArray(SerializedString[]::new)));
            Map.Entry<String, List<NormalizedField>> sole = byType.size() == 1 ? byType.entrySet().iterator().next() : null;
            this.soleType = sole == null ? null : sole.getKey();
            this.soleFields = sole == null ? null : sole.getValue();
            this.soleKeys = sole == null ? null : keysByType.get(soleType);
        }

        /** The fields that come out for an object of this runtime type, in response order; empty if none. */
        public List<NormalizedField> fieldsOf(String objectType) {
            if (soleType != null) {
                return soleType.equals(objectType) ? soleFields : List.of();
            }
            return byType.getOrDefault(objectType, List.of());
        }

        /**
         * The response keys of {@link #fieldsOf}, in the same order, each ready to be written as a JSON field name
         * (its quoted and encoded form is kept once made): one array per runtime type, shared by every object of the
         * response, never to be changed.
         */
        public SerializedString[] keysOf(String objectType) {
            if (soleType != null) {
                return soleType.equals(objectType) ? soleKeys : NO_KEYS;
            }
            return keysByType.getOrDefault(objectType, NO_KEYS);
        }

        /** The runtime types with at least one selected field, in schema order. */
        public java.util.Set<String> types() {
            return byType.keySet();
        }

        /** Every field selected here, whatever the runtime type. */
        public List<NormalizedField> all() {
            return byType.values().stream().flatMap(List::stream).toList();
        }
    }

    /**
     * One field of the response: its response key, the field as a subgraph is asked for it (alias, arguments,
     * directives other than {@code @skip}/{@code @include}; no selection set), its definition on the runtime type
     * (null for {@code __typename} and introspection), and what is selected below it (null for a leaf, and for
     * {@code __schema}/{@code __type}, which are answered whole).
     */
    public record NormalizedField(String responseKey, Field field, GraphQLFieldDefinition definition,
                                  Selections children) {

        public NormalizedField {
            // Interned as Jackson interns the field names it reads: a subgraph answer's keys then match by identity.
            responseKey = responseKey.intern();
        }

        public String name() {
            return field.getName();
        }
    }

    private static final class Normalizer {
        /** How many fields are normalised between two checkpoints. */
        private static final int FIELDS_BETWEEN_CHECKPOINTS = 256;

        private final GraphQLSchema schema;
        private final FieldCollector collector;
        private final Runnable checkpoint;
        private int count;

        Normalizer(GraphQLSchema schema, FieldCollector collector, Runnable checkpoint) {
            this.schema = schema;
            this.collector = collector;
            this.checkpoint = checkpoint;
        }

        Selections selections(List<SelectionSet> sets, GraphQLCompositeType type) {
            Map<String, List<NormalizedField>> byType = new LinkedHashMap<>();
            for (GraphQLObjectType possible : Supergraph.possibleTypes(schema, type.getName())) {
                Map<String, List<Field>> grouped = new LinkedHashMap<>();
                for (Field field : collector.collect(sets, possible)) {
                    grouped.computeIfAbsent(field.getAlias() != null ? field.getAlias() : field.getName(),
                            key -> new ArrayList<>(1)).add(field);
                }
                if (grouped.isEmpty()) {
                    continue;
                }
                List<NormalizedField> fields = new ArrayList<>(grouped.size());
                grouped.forEach((key, occurrences) -> fields.add(field(key, occurrences, possible)));
                byType.put(possible.getName(), Collections.unmodifiableList(fields));
            }
            return new Selections(Collections.unmodifiableMap(byType));
        }

        private NormalizedField field(String key, List<Field> occurrences, GraphQLObjectType parent) {
            if (++count % FIELDS_BETWEEN_CHECKPOINTS == 0) {
                checkpoint.run();
            }
            if (count > MAX_FIELDS) {
                throw new PlanningException("the operation selects more than " + MAX_FIELDS
                        + " fields once its fragments are spread over every possible type");
            }
            Field first = occurrences.get(0);
            Field bare = first.transform(b -> b.selectionSet(null).directives(unconditional(first.getDirectives())));
            String name = first.getName();
            if (name.startsWith("__")) {
                return new NormalizedField(key, bare, null, null);
            }
            GraphQLFieldDefinition definition = parent.getFieldDefinition(name);
            if (definition == null) {
                throw new PlanningException("type " + parent.getName() + " has no field " + name);
            }
            GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
            if (!(type instanceof GraphQLCompositeType composite)) {
                return new NormalizedField(key, bare, definition, null);
            }
            List<SelectionSet> sets = new ArrayList<>(occurrences.size());
            occurrences.forEach(occurrence -> {
                if (occurrence.getSelectionSet() != null) {
                    sets.add(occurrence.getSelectionSet());
                }
            });
            return new NormalizedField(key, bare, definition, selections(sets, composite));
        }

        private static List<Directive> unconditional(List<Directive> directives) {
            if (directives.isEmpty()) {
                return directives;
            }
            return directives.stream()
                    .filter(d -> !d.getName().equals("skip") && !d.getName().equals("include")).toList();
        }
    }
}
