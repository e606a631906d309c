package org.throughline.gateway.supergraph;

import graphql.language.Argument;
import graphql.language.BooleanValue;
import graphql.language.Definition;
import graphql.language.Directive;
import graphql.language.DirectiveDefinition;
import graphql.language.DirectivesContainer;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValue;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.OperationDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.language.UnionTypeDefinition;
import graphql.language.Value;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.errors.SchemaProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads an Apollo Federation v2 supergraph SDL (join spec v0.3 to v0.5 under link v1.0) into a {@link Supergraph}:
 * the join directives become planning metadata, and what is left, less inaccessible elements, is the API schema.
 */
public final class SupergraphReader {

    private static final Set<String> API_DIRECTIVES = Set.of("deprecated", "specifiedBy", "oneOf");

    private SupergraphReader() {
    }

    public static Supergraph read(String sdl) {
        Document document = parse(sdl);
        SupergraphLinks links = SupergraphLinks.read(document);
        Map<String, AccessRule> access = new LinkedHashMap<>();
        Map<String, Subgraph> subgraphs = new LinkedHashMap<>();
        Map<String, Map<String, List<EntityKey>>> typeGraphs = new LinkedHashMap<>();
        Map<String, Map<String, Set<String>>> possibleTypes = new LinkedHashMap<>();
        Map<String, List<FieldJoin>> fieldJoins = new LinkedHashMap<>();
        Set<String> inaccessibleTypes = document.getDefinitionsOfType(TypeDefinition.class).stream()
                .filter(type -> inaccessible((DirectivesContainer<?>) type))
                .map(TypeDefinition::getName)
                .collect(Collectors.toSet());

        List<Definition> api = new ArrayList<>();
        List<Definition> planning = new ArrayList<>();
        Set<String> graphless = new java.util.LinkedHashSet<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof SchemaDefinition schema) {
                api.add(schema.transform(builder -> builder.directives(List.of())));
                planning.add(api.get(api.size() - 1));
            } else if (definition instanceof EnumTypeDefinition graphs && graphs.getName().equals("join__Graph")) {
                graphs.getEnumValueDefinitions().forEach(value -> value.getDirectives("join__graph").forEach(graph ->
                        subgraphs.put(value.getName(), new Subgraph(value.getName(),
                                string(graph, "name"), string(graph, "url")))));
            } else if (definition instanceof TypeDefinition<?> type && !machinery(type.getName())
                    && !links.machinery(type.getName())) {
                recordJoins(type, typeGraphs, fieldJoins, graphless);
                recordPossibleTypes(type, possibleTypes);
                recordAccess(type, links, access);
                if (!inaccessibleTypes.contains(type.getName())) {
                    api.add(apiDefinition(type, inaccessibleTypes, element -> !inaccessible(element)));
                }
                planning.add(apiDefinition(type, Set.of(), element -> true));
            } else if (!(definition instanceof DirectiveDefinition) && !(definition instanceof TypeDefinition<?>)) {
                throw new SupergraphException("a supergraph holds only type system definitions, found " + definition);
            }
        }
        if (subgraphs.isEmpty()) {
            throw new SupergraphException("not a supergraph: it has no join__Graph enum listing subgraphs");
        }
        resolveThroughInterfaceObjects(document, graphless, typeGraphs, fieldJoins);
        GraphQLSchema apiSchema = schema(api, "API schema");
        // Without @inaccessible elements the two schemas are the same: build the second only when something is hidden.
        GraphQLSchema fullSchema = hidesAnything(document) ? schema(planning, "schema") : apiSchema;
        return new Supergraph(sdl, apiSchema, fullSchema, subgraphs, typeGraphs, fieldJoins, access, possibleTypes);
    }

    /**
     * Which object types each subgraph has behind each interface ({@code @join__implements} on the object) and union
     * ({@code @join__unionMember}): a subgraph may know a type without it implementing the interface there.
     */
    private static void recordPossibleTypes(TypeDefinition<?> type, Map<String, Map<String, Set<String>>> possible) {
        if (type instanceof ObjectTypeDefinition object) {
            for (Directive join : object.getDirectives("join__implements")) {
                possible.computeIfAbsent(string(join, "interface"), face -> new LinkedHashMap<>())
                        .computeIfAbsent(enumValue(join, "graph"), graph -> new java.util.LinkedHashSet<>())
                        .add(object.getName());
            }
        } else if (type instanceof UnionTypeDefinition union) {
            for (Directive join : union.getDirectives("join__unionMember")) {
                possible.computeIfAbsent(union.getName(), name -> new LinkedHashMap<>())
                        .computeIfAbsent(enumValue(join, "graph"), graph -> new java.util.LinkedHashSet<>())
                        .add(string(join, "member"));
            }
        }
    }

    /** The type's and its fields' {@code @authenticated}, {@code @requiresScopes} and {@code @policy}. */
    private static void recordAccess(TypeDefinition<?> type, SupergraphLinks links, Map<String, AccessRule> access) {
        String authenticated = links.directive("authenticated");
        String scopes = links.directive("requiresScopes");
        String policy = links.directive("policy");
        if (authenticated == null && scopes == null && policy == null) {
            return;
        }
        AccessRule typeRule = AccessRule.of(((DirectivesContainer<?>) type).getDirectives(), authenticated, scopes,
                policy);
        if (!typeRule.isNone()) {
            access.put(type.getName(), typeRule);
        }
        List<FieldDefinition> fields = type instanceof ObjectTypeDefinition object ? object.getFieldDefinitions()
                : type instanceof InterfaceTypeDefinition face ? face.getFieldDefinitions() : List.of();
        for (FieldDefinition field : fields) {
            AccessRule rule = AccessRule.of(field.getDirectives(), authenticated, scopes, policy);
            if (!rule.isNone()) {
                access.put(type.getName() + "." + field.getName(), rule);
            }
        }
    }

    private static boolean hidesAnything(Document document) {
        boolean[] found = {false};
        new graphql.language.NodeTraverser().depthFirst(new graphql.language.NodeVisitorStub() {
            @Override
            public graphql.util.TraversalControl visitDirective(Directive node,
                                                                graphql.util.TraverserContext<graphql.language.Node> context) {
                found[0] |= INACCESSIBLE.contains(node.getName());
                return found[0] ? graphql.util.TraversalControl.QUIT : graphql.util.TraversalControl.CONTINUE;
            }
        }, document);
        return found[0];
    }

    private static GraphQLSchema schema(List<Definition> definitions, String what) {
        try {
            TypeDefinitionRegistry registry = new SchemaParser().buildRegistry(
                    Document.newDocument().definitions(definitions).build());
            return new SchemaGenerator().makeExecutableSchema(registry,
                    RuntimeWiring.newRuntimeWiring().wiringFactory(new ApiSchemaWiring()).build());
        } catch (SchemaProblem e) {
            throw new SupergraphException("the " + what + " of the supergraph is invalid: " + e.getMessage());
        }
    }

    /** Parses a {@code @key}, {@code @requires} or {@code @provides} field set into a selection set. */
    public static SelectionSet parseFieldSet(String fields) {
        Document document = parse("{" + fields + "}");
        return document.getDefinitionsOfType(OperationDefinition.class).get(0).getSelectionSet();
    }

    static Document parse(String sdl) {
        try {
            return new Parser().parseDocument(ParserEnvironment.newParserEnvironment()
                    .document(sdl)
                    .parserOptions(ParserOptions.getDefaultSdlParserOptions())
                    .build());
        } catch (InvalidSyntaxException e) {
            throw new SupergraphException("the supergraph is not valid GraphQL SDL: " + e.getMessage());
        }
    }

    /**
     * A {@code @join__field} without a graph (Apollo composes it so) marks a field of an object type that no subgraph
     * resolves on that type itself: subgraphs that know only its interface, as an {@code @interfaceObject}, add it.
     * Such a field is resolved by those subgraphs, through the interface.
     */
    private static void resolveThroughInterfaceObjects(Document document, Set<String> graphless,
                                                       Map<String, Map<String, List<EntityKey>>> typeGraphs,
                                                       Map<String, List<FieldJoin>> fieldJoins) {
        Map<String, ObjectTypeDefinition> objects = new LinkedHashMap<>();
        document.getDefinitionsOfType(ObjectTypeDefinition.class).forEach(object -> objects.put(object.getName(), object));
        for (String typeField : graphless) {
            String type = typeField.substring(0, typeField.indexOf('.'));
            String field = typeField.substring(typeField.indexOf('.') + 1);
            ObjectTypeDefinition object = objects.get(type);
            if (object == null || fieldJoins.containsKey(typeField)) {
                continue;
            }
            List<FieldJoin> joins = new ArrayList<>();
            for (graphql.language.Type<?> face : object.getImplements()) {
                String name = ((TypeName) face).getName();
                for (FieldJoin join : fieldJoins.getOrDefault(name + "." + field, List.of())) {
                    boolean interfaceObject = typeGraphs.getOrDefault(name, Map.of()).getOrDefault(join.graph(), List.of())
                            .stream().anyMatch(EntityKey::interfaceObject);
                    if (interfaceObject && !join.external()) {
                        joins.add(join);
                    }
                }
            }
            if (!joins.isEmpty()) {
                fieldJoins.put(typeField, List.copyOf(joins));
            }
        }
    }

    private static void recordJoins(TypeDefinition<?> type, Map<String, Map<String, List<EntityKey>>> typeGraphs,
                                    Map<String, List<FieldJoin>> fieldJoins, Set<String> graphless) {
        Map<String, List<EntityKey>> graphs = typeGraphs.computeIfAbsent(type.getName(), name -> new LinkedHashMap<>());
        for (Directive join : ((DirectivesContainer<?>) type).getDirectives("join__type")) {
            String graph = enumValue(join, "graph");
            List<EntityKey> keys = graphs.computeIfAbsent(graph, name -> new ArrayList<>());
            String key = string(join, "key");
            if (key != null) {
                keys.add(new EntityKey(graph, key, parseFieldSet(key), bool(join, "resolvable", true),
                        bool(join, "isInterfaceObject", false)));
            }
        }
        List<FieldDefinition> fields = type instanceof ObjectTypeDefinition object ? object.getFieldDefinitions()
                : type instanceof InterfaceTypeDefinition face ? face.getFieldDefinitions() : List.of();
        for (FieldDefinition field : fields) {
            List<FieldJoin> joins = new ArrayList<>();
            for (Directive join : field.getDirectives("join__field")) {
                String graph = enumValue(join, "graph");
                if (graph == null) {
                    graphless.add(type.getName() + "." + field.getName());
                } else {
                    // A field another subgraph took over (usedOverridden) is only referenced there, like an external one.
                    boolean external = bool(join, "external", false) || bool(join, "usedOverridden", false);
                    joins.add(new FieldJoin(graph, external, string(join, "requires"),
                            string(join, "provides"), string(join, "override"), string(join, "overrideLabel"),
                            string(join, "type")));
                }
            }
            if (!joins.isEmpty()) {
                fieldJoins.put(type.getName() + "." + field.getName(), List.copyOf(joins));
            }
        }
    }

    /** The type without join directives, and without what {@code visible} rejects or what names hidden types. */
    private static Definition<?> apiDefinition(TypeDefinition<?> type, Set<String> inaccessibleTypes,
                                               Predicate<DirectivesContainer<?>> visible) {
        if (type instanceof ObjectTypeDefinition object) {
            return object.transform(builder -> builder
                    .directives(apiDirectives(object.getDirectives()))
                    .implementz(object.getImplements().stream()
                            .filter(face -> !inaccessibleTypes.contains(((TypeName) face).getName())).toList())
                    .fieldDefinitions(apiFields(object.getFieldDefinitions(), visible)));
        }
        if (type instanceof InterfaceTypeDefinition face) {
            return face.transform(builder -> builder
                    .directives(apiDirectives(face.getDirectives()))
                    .implementz(face.getImplements().stream()
                            .filter(other -> !inaccessibleTypes.contains(((TypeName) other).getName())).toList())
                    .definitions(apiFields(face.getFieldDefinitions(), visible)));
        }
        if (type instanceof UnionTypeDefinition union) {
            return union.transform(builder -> builder
                    .directives(apiDirectives(union.getDirectives()))
                    .memberTypes(union.getMemberTypes().stream()
                            .filter(member -> !inaccessibleTypes.contains(((TypeName) member).getName())).toList()));
        }
        if (type instanceof EnumTypeDefinition enumeration) {
            return enumeration.transform(builder -> builder
                    .directives(apiDirectives(enumeration.getDirectives()))
                    .enumValueDefinitions(enumeration.getEnumValueDefinitions().stream().filter(visible)
                            .map(value -> value.transform(v -> v.directives(apiDirectives(value.getDirectives()))))
                            .toList()));
        }
        if (type instanceof InputObjectTypeDefinition input) {
            return input.transform(builder -> builder
                    .directives(apiDirectives(input.getDirectives()))
                    .inputValueDefinitions(input.getInputValueDefinitions().stream().filter(visible)
                            .map(value -> value.transform(v -> v.directives(apiDirectives(value.getDirectives()))))
                            .toList()));
        }
        if (type instanceof ScalarTypeDefinition scalar) {
            return scalar.transform(builder -> builder.directives(apiDirectives(scalar.getDirectives())));
        }
        throw new SupergraphException("unsupported definition in supergraph: " + type.getName());
    }

    private static List<FieldDefinition> apiFields(List<FieldDefinition> fields, Predicate<DirectivesContainer<?>> visible) {
        return fields.stream().filter(visible).map(field -> field.transform(builder -> builder
                .directives(apiDirectives(field.getDirectives()))
                .inputValueDefinitions(field.getInputValueDefinitions().stream().filter(visible)
                        .map(argument -> argument.transform(a -> a.directives(apiDirectives(argument.getDirectives()))))
                        .toList()))).toList();
    }

    private static List<Directive> apiDirectives(List<Directive> directives) {
        return directives.stream().filter(directive -> API_DIRECTIVES.contains(directive.getName())).toList();
    }

    /** The names {@code @inaccessible} goes by in a supergraph (as linked, or in the federation namespace). */
    private static final Set<String> INACCESSIBLE = Set.of("inaccessible", "federation__inaccessible");

    private static boolean inaccessible(DirectivesContainer<?> element) {
        return INACCESSIBLE.stream().anyMatch(element::hasDirective);
    }

    private static boolean machinery(String typeName) {
        return typeName.startsWith("join__") || typeName.startsWith("link__");
    }

    private static Value<?> argument(Directive directive, String name) {
        Argument argument = directive.getArgument(name);
        return argument == null ? null : argument.getValue();
    }

    /** A string argument of a directive, or null. */
    static String string(Directive directive, String name) {
        Value<?> value = argument(directive, name);
        return value instanceof StringValue string ? string.getValue() : null;
    }

    private static String enumValue(Directive directive, String name) {
        Value<?> value = argument(directive, name);
        return value instanceof EnumValue enumValue ? enumValue.getName() : null;
    }

    /** A boolean argument of a directive, or the default when it is absent. */
    static boolean bool(Directive directive, String name, boolean defaultValue) {
        Value<?> value = argument(directive, name);
        return value instanceof BooleanValue bool ? bool.isValue() : defaultValue;
    }
}
