package org.throughline.gateway.supergraph;

import graphql.schema.GraphQLSchema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A federated graph as the planner sees it: the API schema clients query, and the join metadata saying which
 * subgraph can resolve which type and field. Immutable; built by {@link SupergraphReader}.
 */
public final class Supergraph {

    private final String sdl;
    private final GraphQLSchema apiSchema;
    private final GraphQLSchema schema;
    private final Map<String, Subgraph> subgraphs;
    private final Map<String, Map<String, List<EntityKey>>> typeGraphs;
    private final Map<String, List<FieldJoin>> fieldJoins;
    /** {@code Type} or {@code Type.field} to what it asks of the caller ({@code @authenticated} and the like). */
    private final Map<String, AccessRule> access;
    /** Per interface or union, per subgraph, the object types behind it there (join__implements, join__unionMember). */
    private final Map<String, Map<String, Set<String>>> possibleTypes;

    /**
     * The labels of progressive overrides, the share of requests of each {@code percent(x)} one, and the supergraph
     * as it is with each set of them on.
     */
    private final Set<String> overrideLabels;
    private final Map<String, Double> overridePercents = new java.util.HashMap<>();
    private final Map<Set<String>, Supergraph> withLabels;
    private final Map<String, Set<String>> providedByGraph = new java.util.concurrent.ConcurrentHashMap<>();

    Supergraph(String sdl, GraphQLSchema apiSchema, GraphQLSchema schema, Map<String, Subgraph> subgraphs,
               Map<String, Map<String, List<EntityKey>>> typeGraphs, Map<String, List<FieldJoin>> fieldJoins,
               Map<String, AccessRule> access, Map<String, Map<String, Set<String>>> possibleTypes) {
        this.sdl = sdl;
        this.possibleTypes = possibleTypes;
        this.access = Map.copyOf(access);
        this.apiSchema = apiSchema;
        this.schema = schema;
        this.subgraphs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subgraphs));
        this.typeGraphs = typeGraphs;
        this.fieldJoins = fieldJoins;
        this.overrideLabels = fieldJoins.values().stream().flatMap(List::stream).map(FieldJoin::overrideLabel)
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        this.withLabels = new java.util.concurrent.ConcurrentHashMap<>();
        for (String label : overrideLabels) {
            Double percent = percentOf(label);
            if (percent != null && percent > 100) {
                throw new SupergraphException("the override label " + label + " asks for more than 100 percent");
            } else if (percent != null) {
                overridePercents.put(label, percent);
            } else if (label.startsWith("percent(")) {
                throw new SupergraphException("the override label " + label + " is not percent(<0 to 100>)");
            }
        }
    }

    private static final java.util.regex.Pattern PERCENT = java.util.regex.Pattern.compile("percent\\((\\d+(\\.\\d+)?)\\)");

    /** x for an override label {@code percent(x)}; null for a label of another form. */
    static Double percentOf(String label) {
        java.util.regex.Matcher percent = PERCENT.matcher(label);
        return percent.matches() ? Double.valueOf(percent.group(1)) : null;
    }

    /** For a {@code percent(x)} override label, x: the share of requests that have it on; otherwise null. */
    public Double overridePercent(String label) {
        return overridePercents.get(label);
    }

    /** The labels of the progressive overrides ({@code @override(label:)}) in this supergraph, sorted. */
    public Set<String> overrideLabels() {
        return java.util.Collections.unmodifiableSet(overrideLabels);
    }

    /**
     * The supergraph as the planner must see it with these override labels on (and every other label off): each
     * labelled field resolved by the subgraph that overrides it, or by the one it was taken from.
     */
    public Supergraph withOverrideLabels(Set<String> on) {
        if (overrideLabels.isEmpty()) {
            return this;
        }
        Set<String> key = new java.util.TreeSet<>(on);
        key.retainAll(overrideLabels);
        return withLabels.computeIfAbsent(Set.copyOf(key), labels -> {
            Map<String, List<FieldJoin>> joins = new java.util.LinkedHashMap<>();
            fieldJoins.forEach((field, list) -> joins.put(field, list.stream()
                    .map(join -> join.overrideLabel() == null ? join : join.withLabel(labels.contains(join.overrideLabel())))
                    .toList()));
            return new Supergraph(sdl, apiSchema, schema, subgraphs, typeGraphs, joins, access, possibleTypes);
        });
    }

    /** What the type asks of every caller who selects a field returning it; {@link AccessRule#NONE} if nothing. */
    public AccessRule accessRule(String type) {
        return access.getOrDefault(type, AccessRule.NONE);
    }

    /** What the field asks of the caller, by its own directives. */
    public AccessRule accessRule(String type, String field) {
        return access.getOrDefault(type + "." + field, AccessRule.NONE);
    }

    /** Every policy name a {@code @policy} of this supergraph uses. */
    public Set<String> policies() {
        Set<String> names = new java.util.TreeSet<>();
        access.values().forEach(rule -> rule.policies().forEach(names::addAll));
        return names;
    }

    /** Whether any element asks anything of the caller: when not, operations need no authorization pass. */
    public boolean hasAccessRules() {
        return !access.isEmpty();
    }

    /** The supergraph SDL this was read from. */
    public String sdl() {
        return sdl;
    }

    /** The schema clients see: no join machinery, no inaccessible elements. */
    public GraphQLSchema apiSchema() {
        return apiSchema;
    }

    /**
     * The composed schema without join machinery but with its {@code @inaccessible} elements: what subgraphs
     * exchange among themselves (keys, required fields) beyond what clients may see.
     */
    public GraphQLSchema schema() {
        return schema;
    }

    public Subgraph subgraph(String id) {
        Subgraph subgraph = subgraphs.get(id);
        if (subgraph == null) {
            throw new IllegalArgumentException("unknown subgraph " + id);
        }
        return subgraph;
    }

    public Map<String, Subgraph> subgraphs() {
        return subgraphs;
    }

    /** The subgraphs that define the type, in supergraph order. */
    /**
     * Whether, in {@code graph}, the object type {@code object} is behind the interface or union {@code abstractType}:
     * only then may a query to that subgraph hold {@code ... on object} where {@code abstractType} is expected. A
     * supergraph that records none of this (join v0.1) is taken to have every subgraph agree with the API.
     */
    public boolean possibleIn(String graph, String abstractType, String object) {
        Map<String, Set<String>> byGraph = possibleTypes.get(abstractType);
        if (byGraph == null) {
            return possibleTypes.isEmpty();
        }
        return byGraph.getOrDefault(graph, Set.of()).contains(object);
    }

    public Set<String> graphsOf(String type) {
        return typeGraphs.getOrDefault(type, Map.of()).keySet();
    }

    /** The subgraphs that can resolve the field themselves (not merely reference it as external). */
    public List<String> graphsResolving(String type, String field) {
        List<FieldJoin> joins = fieldJoins.get(type + "." + field);
        if (joins == null || joins.isEmpty()) {
            return List.copyOf(graphsOf(type));
        }
        return joins.stream().filter(join -> !join.external()).map(FieldJoin::graph).distinct().toList();
    }

    public boolean resolves(String graph, String type, String field) {
        return graphsResolving(type, field).contains(graph);
    }

    /** Every key through which the type can be fetched from the graph, in supergraph order. */
    public List<EntityKey> resolvableKeys(String type, String graph) {
        return typeGraphs.getOrDefault(type, Map.of()).getOrDefault(graph, List.of()).stream()
                .filter(EntityKey::resolvable)
                .toList();
    }

    /**
     * The object types a value of {@code type} can have in {@code schema}: the type itself, an interface's
     * implementations or a union's members (none for a type that is not composite).
     */
    public static List<graphql.schema.GraphQLObjectType> possibleTypes(GraphQLSchema schema, String type) {
        graphql.schema.GraphQLType named = schema.getType(type);
        if (named instanceof graphql.schema.GraphQLObjectType object) {
            return List.of(object);
        }
        if (named instanceof graphql.schema.GraphQLInterfaceType face) {
            return schema.getImplementations(face);
        }
        if (named instanceof graphql.schema.GraphQLUnionType union) {
            return union.getTypes().stream().map(member -> (graphql.schema.GraphQLObjectType) member).toList();
        }
        return List.of();
    }

    /** Whether the graph holds the interface {@code type} as an object of its own ({@code @interfaceObject}). */
    public boolean isInterfaceObject(String type, String graph) {
        return keys(type, graph).stream().anyMatch(EntityKey::interfaceObject);
    }

    /** Every key the graph declares for the type, resolvable or not, in supergraph order. */
    public List<EntityKey> keys(String type, String graph) {
        return typeGraphs.getOrDefault(type, Map.of()).getOrDefault(graph, List.of());
    }

    /** The names of the fields that some {@code @provides} of the graph names, at any depth. */
    public Set<String> providedFields(String graph) {
        return providedByGraph.computeIfAbsent(graph, g -> {
            Set<String> names = new java.util.HashSet<>();
            fieldJoins.values().stream().flatMap(List::stream)
                    .filter(join -> join.graph().equals(g) && join.provides() != null)
                    .forEach(join -> collectNames(SupergraphReader.parseFieldSet(join.provides()), names));
            return Set.copyOf(names);
        });
    }

    private static void collectNames(graphql.language.SelectionSet set, Set<String> into) {
        if (set == null) {
            return;
        }
        for (graphql.language.Selection<?> selection : set.getSelections()) {
            if (selection instanceof graphql.language.Field field) {
                into.add(field.getName());
                collectNames(field.getSelectionSet(), into);
            } else if (selection instanceof graphql.language.InlineFragment inline) {
                collectNames(inline.getSelectionSet(), into);
            }
        }
    }

    /**
     * The field's type in the graph, printed ({@code [Int!]}): as the graph's {@code @join__field(type:)} says, or
     * the supergraph's where it says nothing.
     */
    public String fieldTypeIn(String type, String field, String graph) {
        Optional<String> own = fieldJoin(type, field, graph).map(FieldJoin::type);
        if (own.isPresent()) {
            return own.get();
        }
        graphql.schema.GraphQLType parent = schema.getType(type);
        graphql.schema.GraphQLFieldDefinition definition = parent instanceof graphql.schema.GraphQLFieldsContainer container
                ? container.getFieldDefinition(field) : null;
        return definition == null ? null : graphql.schema.GraphQLTypeUtil.simplePrint(definition.getType());
    }

    /** How the graph defines the field ({@code requires}, {@code provides}), if it has a join entry for it. */
    public Optional<FieldJoin> fieldJoin(String type, String field, String graph) {
        return fieldJoins(type, field).stream().filter(join -> join.graph().equals(graph)).findFirst();
    }

    /** The {@code @join__field} entries of a field; empty when every subgraph of the type resolves it. */
    public List<FieldJoin> fieldJoins(String type, String field) {
        return fieldJoins.getOrDefault(type + "." + field, List.of());
    }
}
