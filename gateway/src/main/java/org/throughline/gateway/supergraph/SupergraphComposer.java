package org.throughline.gateway.supergraph;

import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.BooleanValue;
import graphql.language.Definition;
import graphql.language.Description;
import graphql.language.Directive;
import graphql.language.DirectivesContainer;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValue;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectTypeExtensionDefinition;
import graphql.language.OperationTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.language.UnionTypeDefinition;
import graphql.language.Value;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Composes Federation v2 subgraph schemas (their {@code _service { sdl }}) into a supergraph SDL in the join spec
 * v0.5, the same format Apollo composition and rover produce, so that one reader serves both sources. It covers
 * entities and keys, shareable and external fields, requires, provides, override, interfaces, unions, enums and
 * input types; conflicts that federation forbids are reported together as one {@link SupergraphException}.
 */
public final class SupergraphComposer {

    /** A subgraph as configured: its name, where to reach it, and the SDL it reported. */
    public record SubgraphSchema(String name, String url, String sdl) {
    }

    private static final Set<String> FEDERATION_TYPES = Set.of("_Service", "_Entity", "_Any", "_FieldSet", "FieldSet");
    private static final Set<String> BUILT_IN_SCALARS = Set.of("String", "Int", "Float", "Boolean", "ID");
    private static final List<String> ROOTS = List.of("Query", "Mutation", "Subscription");

    private static final String HEADER = """
            directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE
            directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean, overrideLabel: String, contextArguments: [join__ContextArgument!]) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
            directive @join__graph(name: String!, url: String!) on ENUM_VALUE
            directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE
            directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
            directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION
            directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
            directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION

            input join__ContextArgument {
              name: String!
              type: String!
              context: String!
              selection: join__FieldValue!
            }

            scalar join__FieldSet

            scalar join__FieldValue

            scalar link__Import

            enum link__Purpose {
              SECURITY
              EXECUTION
            }
            """;

    private final Map<String, MergedType> types = new LinkedHashMap<>();
    private final Map<String, String> graphIds = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    private SupergraphComposer() {
    }

    /** Composes the subgraphs, or throws with every composition error found. */
    public static String compose(List<SubgraphSchema> subgraphs) {
        String sdl = composeUnchecked(subgraphs);
        satisfiable(sdl);
        return sdl;
    }

    /**
     * Composes the subgraphs without the satisfiability check, which needs the supergraph read: for a caller that
     * reads it only when it differs from the one it serves, and then checks it with {@link #satisfiable}.
     */
    public static String composeUnchecked(List<SubgraphSchema> subgraphs) {
        SupergraphComposer composer = new SupergraphComposer();
        for (SubgraphSchema subgraph : subgraphs) {
            composer.add(subgraph);
        }
        composer.addInterfaceObjectFields();
        composer.mergeEnumsAndInputs();
        composer.validate();
        if (!composer.errors.isEmpty()) {
            throw new SupergraphException("composition failed:\n- " + String.join("\n- ", composer.errors));
        }
        return composer.print(subgraphs);
    }

    /**
     * The composed supergraph, read, unless a client could select a field where no subgraph can answer it: as
     * Apollo's composition does, that is an error of the subgraphs, not a surprise for the first client who asks.
     */
    public static Supergraph satisfiable(String sdl) {
        Supergraph supergraph = SupergraphReader.read(sdl);
        List<String> unsatisfiable = Satisfiability.unsatisfiableFields(supergraph);
        if (!unsatisfiable.isEmpty()) {
            throw new SupergraphException("composition failed:\n- these fields can be selected where no subgraph can"
                    + " answer them (none that resolves them has a key the subgraph named can supply, directly or"
                    + " through others): " + String.join(", ", unsatisfiable));
        }
        return supergraph;
    }

    // ---- reading subgraphs -------------------------------------------------------------------------------------

    private void add(SubgraphSchema subgraph) {
        String graph = subgraph.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        if (graphIds.containsValue(graph)) {
            errors.add("two subgraphs are named " + subgraph.name());
            return;
        }
        graphIds.put(subgraph.name(), graph);
        Document document;
        try {
            document = SupergraphReader.parse(subgraph.sdl());
        } catch (SupergraphException e) {
            errors.add("subgraph " + subgraph.name() + ": " + e.getMessage());
            return;
        }
        Map<String, String> rootNames = new LinkedHashMap<>();
        for (SchemaDefinition schema : document.getDefinitionsOfType(SchemaDefinition.class)) {
            for (OperationTypeDefinition operation : schema.getOperationTypeDefinitions()) {
                rootNames.put(operation.getTypeName().getName(),
                        operation.getName().substring(0, 1).toUpperCase(Locale.ROOT) + operation.getName().substring(1));
            }
        }
        for (TypeDefinition<?> type : document.getDefinitionsOfType(TypeDefinition.class)) {
            String name = rootNames.getOrDefault(type.getName(), type.getName());
            if (FEDERATION_TYPES.contains(name) || name.startsWith("federation__") || name.startsWith("link__")) {
                continue;
            }
            addType(graph, subgraph.name(), name, type);
        }
    }

    private void addType(String graph, String subgraphName, String name, TypeDefinition<?> type) {
        // An @interfaceObject is this subgraph's stand-in for an interface other subgraphs implement.
        Kind kind = has((DirectivesContainer<?>) type, "interfaceObject") ? Kind.INTERFACE : Kind.of(type);
        MergedType merged = types.computeIfAbsent(name, n -> new MergedType(n, kind));
        if (merged.kind != kind) {
            errors.add("type " + name + " is " + merged.kind.word + " in one subgraph but " + kind.word
                    + " in subgraph " + subgraphName);
            return;
        }
        if (merged.description == null) {
            merged.description = type instanceof graphql.language.DescribedNode<?> described ? described.getDescription() : null;
        }
        DirectivesContainer<?> directives = (DirectivesContainer<?>) type;
        // Federation asks every requirement any subgraph puts on a type or field.
        merged.access = merged.access.and(access(directives));
        // And hides a type from the API as soon as one subgraph marks it inaccessible.
        merged.inaccessible |= has(directives, "inaccessible");
        GraphUse use = merged.graphs.computeIfAbsent(graph, g -> new GraphUse());
        use.extension |= type instanceof ObjectTypeExtensionDefinition || has(directives, "extends");
        use.interfaceObject |= has(directives, "interfaceObject");
        boolean typeShareable = has(directives, "shareable");
        for (Directive key : federation(directives, "key")) {
            String fields = SupergraphReader.string(key, "fields");
            use.keys.add(new KeyUse(fields, SupergraphReader.bool(key, "resolvable", true)));
            collectFieldNames(fields, use.keyFields);
        }
        if (type instanceof ObjectTypeDefinition object) {
            object.getImplements().forEach(face -> use.interfaces.add(((TypeName) face).getName()));
            addFields(graph, merged, use, object.getFieldDefinitions(), typeShareable);
        } else if (type instanceof InterfaceTypeDefinition face) {
            face.getImplements().forEach(other -> use.interfaces.add(((TypeName) other).getName()));
            addFields(graph, merged, use, face.getFieldDefinitions(), typeShareable);
        } else if (type instanceof UnionTypeDefinition union) {
            union.getMemberTypes().forEach(member -> use.members.add(((TypeName) member).getName()));
        } else if (type instanceof EnumTypeDefinition enumeration) {
            for (EnumValueDefinition value : enumeration.getEnumValueDefinitions()) {
                MergedEnumValue mergedValue = merged.enumValues.computeIfAbsent(value.getName(),
                        v -> new MergedEnumValue(value));
                mergedValue.graphs.add(graph);
                // As for fields: one subgraph hiding the value hides it from the API.
                mergedValue.inaccessible |= has(value, "inaccessible");
            }
        } else if (type instanceof InputObjectTypeDefinition input) {
            Map<String, InputValueDefinition> fields = new LinkedHashMap<>();
            input.getInputValueDefinitions().forEach(field -> fields.put(field.getName(), withoutDirectives(field)));
            merged.inputFieldsPerGraph.put(graph, fields);
        }
    }

    private void addFields(String graph, MergedType merged, GraphUse use, List<FieldDefinition> fields, boolean typeShareable) {
        for (FieldDefinition field : fields) {
            if (merged.name.equals("Query") && (field.getName().equals("_entities") || field.getName().equals("_service"))) {
                continue;
            }
            MergedField mergedField = merged.fields.computeIfAbsent(field.getName(), n -> new MergedField(field));
            DirectivesContainer<?> directives = field;
            FieldUse fieldUse = new FieldUse(graph, field.getType(),
                    has(directives, "external"),
                    typeShareable || has(directives, "shareable") || use.keyFields.contains(field.getName()),
                    federation(directives, "requires").stream().map(d -> SupergraphReader.string(d, "fields")).findFirst().orElse(null),
                    federation(directives, "provides").stream().map(d -> SupergraphReader.string(d, "fields")).findFirst().orElse(null),
                    federation(directives, "override").stream().map(d -> SupergraphReader.string(d, "from")).findFirst().orElse(null),
                    federation(directives, "override").stream().findFirst().map(d -> SupergraphReader.string(d, "label")).orElse(null));
            if (fieldUse.overrideLabel != null && !validOverrideLabel(fieldUse.overrideLabel)) {
                errors.add("field " + merged.name + "." + field.getName() + " in subgraph " + subgraphName(graph)
                        + " has the override label \"" + fieldUse.overrideLabel + "\": a label is percent(<0 to 100>)"
                        + " or a name of letters, digits and _-:. starting with a letter");
            }
            mergedField.uses.put(graph, fieldUse);
            // Federation hides an element from the API as soon as one subgraph marks it inaccessible.
            mergedField.inaccessible |= has(directives, "inaccessible");
            mergedField.access = mergedField.access.and(access(directives));
        }
    }

    /**
     * A field an {@code @interfaceObject} contributes belongs to every implementation of the interface too, resolved
     * by the subgraph that contributed it.
     */
    private void addInterfaceObjectFields() {
        for (MergedType face : types.values()) {
            List<String> objectGraphs = face.graphs.entrySet().stream().filter(e -> e.getValue().interfaceObject)
                    .map(Map.Entry::getKey).toList();
            if (face.kind != Kind.INTERFACE || objectGraphs.isEmpty()) {
                continue;
            }
            for (MergedType implementation : types.values()) {
                boolean implementsIt = implementation.kind == Kind.OBJECT && implementation.graphs.values().stream()
                        .anyMatch(use -> use.interfaces.contains(face.name));
                if (!implementsIt) {
                    continue;
                }
                for (MergedField field : face.fields.values()) {
                    for (String graph : objectGraphs) {
                        FieldUse use = field.uses.get(graph);
                        if (use != null && !implementation.fields.containsKey(field.name)) {
                            MergedField copy = new MergedField(field);
                            copy.uses.put(graph, use);
                            implementation.fields.put(field.name, copy);
                        }
                    }
                }
            }
        }
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    /**
     * Enums and input types may differ between subgraphs as far as every subgraph can still honour what a client
     * sends: an enum only returned is the union of its values, an enum only accepted is their intersection, an
     * enum both returned and accepted must be the same everywhere; an input type keeps the fields every subgraph
     * accepts, and a required field some subgraph lacks is an error.
     */
    private void mergeEnumsAndInputs() {
        Set<String> inputs = new HashSet<>();
        Set<String> outputs = new HashSet<>();
        for (MergedType type : types.values()) {
            type.fields.values().forEach(field -> {
                field.uses.values().forEach(use -> outputs.add(unwrapped(use.type)));
                field.arguments.forEach(argument -> inputs.add(unwrapped(argument.getType())));
            });
            type.inputFieldsPerGraph.values().forEach(fields ->
                    fields.values().forEach(field -> inputs.add(unwrapped(field.getType()))));
        }
        for (MergedType type : types.values()) {
            if (type.kind == Kind.ENUM) {
                List<MergedEnumValue> partial = type.enumValues.values().stream()
                        .filter(value -> value.graphs.size() < type.graphs.size()).toList();
                boolean input = inputs.contains(type.name);
                if (input && outputs.contains(type.name) && !partial.isEmpty()) {
                    MergedEnumValue value = partial.get(0);
                    errors.add("enum " + type.name + " is both returned and accepted, so every subgraph must define the"
                            + " same values, but " + value.first.getName() + " is missing from subgraph "
                            + subgraphName(type.graphs.keySet().stream().filter(g -> !value.graphs.contains(g))
                            .findFirst().orElseThrow()));
                } else if (input) {
                    type.enumValues.values().removeAll(partial);
                    if (type.enumValues.isEmpty()) {
                        errors.add("enum " + type.name + " has no value that every subgraph accepts");
                    }
                }
            } else if (type.kind == Kind.INPUT) {
                type.inputFieldsPerGraph.forEach((graph, fields) -> fields.values().forEach(field -> {
                    boolean required = field.getType() instanceof NonNullType && field.getDefaultValue() == null;
                    type.inputFieldsPerGraph.forEach((other, otherFields) -> {
                        if (required && !otherFields.containsKey(field.getName())) {
                            errors.add("input field " + type.name + "." + field.getName() + " is required in subgraph "
                                    + subgraphName(graph) + " but subgraph " + subgraphName(other) + " does not define it");
                        }
                    });
                }));
            }
        }
    }

    private void validate() {
        Set<String> provided = provided();
        for (MergedType type : types.values()) {
            if (type.kind != Kind.OBJECT) {
                continue;
            }
            for (MergedField field : type.fields.values()) {
                // An external field a subgraph @provides is one it resolves too, so it must be shareable as well.
                List<FieldUse> resolving = field.uses.values().stream()
                        .filter(use -> (!use.external || provided.contains(use.graph + " " + type.name + "." + field.name))
                                && !overridden(field, use.graph)).toList();
                List<String> unshared = resolving.stream().filter(use -> !use.shareable && !use.external)
                        .map(FieldUse::graph).map(this::subgraphName).toList();
                if (resolving.size() > 1 && !unshared.isEmpty()) {
                    errors.add("field " + type.name + "." + field.name + " is resolved by subgraphs "
                            + String.join(" and ", resolving.stream().map(FieldUse::graph).map(this::subgraphName).toList())
                            + providing(resolving) + " but is not marked @shareable in " + String.join(" and ", unshared));
                }
                Set<String> namedTypes = new LinkedHashSet<>();
                field.uses.values().forEach(use -> namedTypes.add(unwrapped(use.type)));
                if (namedTypes.size() > 1) {
                    errors.add("field " + type.name + "." + field.name + " has different types in different subgraphs: "
                            + namedTypes);
                }
            }
        }
    }

    private String providing(List<FieldUse> resolving) {
        List<String> through = resolving.stream().filter(FieldUse::external).map(FieldUse::graph).map(this::subgraphName).toList();
        return through.isEmpty() ? "" : " (" + String.join(" and ", through) + " through @provides)";
    }

    /** The fields each subgraph returns through its {@code @provides}, as "GRAPH Type.field". */
    private Set<String> provided() {
        Set<String> provided = new LinkedHashSet<>();
        for (MergedType type : types.values()) {
            for (MergedField field : type.fields.values()) {
                for (FieldUse use : field.uses.values()) {
                    if (use.provides != null) {
                        try {
                            markProvided(use.graph, unwrapped(use.type), SupergraphReader.parseFieldSet(use.provides), provided);
                        } catch (RuntimeException e) {
                            errors.add("field " + type.name + "." + field.name + " in subgraph " + subgraphName(use.graph)
                                    + " has an unreadable @provides: " + use.provides);
                        }
                    }
                }
            }
        }
        return provided;
    }

    private void markProvided(String graph, String type, graphql.language.SelectionSet selections, Set<String> into) {
        for (graphql.language.Selection<?> selection : selections.getSelections()) {
            if (selection instanceof graphql.language.Field field) {
                into.add(graph + " " + type + "." + field.getName());
                MergedType merged = types.get(type);
                MergedField child = merged == null ? null : merged.fields.get(field.getName());
                FieldUse use = child == null ? null : child.uses.get(graph);
                if (field.getSelectionSet() != null && use != null) {
                    markProvided(graph, unwrapped(use.type), field.getSelectionSet(), into);
                }
            } else if (selection instanceof graphql.language.InlineFragment fragment) {
                String condition = fragment.getTypeCondition() == null ? type : fragment.getTypeCondition().getName();
                markProvided(graph, condition, fragment.getSelectionSet(), into);
            }
        }
    }

    private static boolean overridden(MergedField field, String graph) {
        return overriddenBy(field, graph).isPresent();
    }

    /** The use of the field that takes it over from the graph ({@code @override(from:)}), if one does. */
    private static Optional<FieldUse> overriddenBy(MergedField field, String graph) {
        return field.uses.values().stream().filter(use -> use.override != null && !use.graph.equals(graph)
                && use.override.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_").equals(graph)).findFirst();
    }

    /** Labels of progressive override: {@code percent(x)} for a share of requests, or a name the gateway is told. */
    private static boolean validOverrideLabel(String label) {
        Double percent = Supergraph.percentOf(label);
        return percent != null ? percent <= 100 : label.matches("[a-zA-Z][a-zA-Z0-9_\\-:.]*");
    }

    private String subgraphName(String graph) {
        return graphIds.entrySet().stream().filter(e -> e.getValue().equals(graph)).map(Map.Entry::getKey)
                .findFirst().orElse(graph);
    }

    // ---- printing -----------------------------------------------------------------------------------------------

    private String print(List<SubgraphSchema> subgraphs) {
        StringBuilder sdl = new StringBuilder();
        StringBuilder schema = new StringBuilder("schema\n  @link(url: \"https://specs.apollo.dev/link/v1.0\")\n"
                + "  @link(url: \"https://specs.apollo.dev/join/v0.5\", for: EXECUTION)\n"
                + "  @link(url: \"https://specs.apollo.dev/inaccessible/v0.2\", for: SECURITY)\n");
        AccessRule used = types.values().stream().flatMap(type -> java.util.stream.Stream.concat(
                java.util.stream.Stream.of(type.access), type.fields.values().stream().map(field -> field.access)))
                .reduce(AccessRule.NONE, AccessRule::and);
        StringBuilder accessDefinitions = new StringBuilder();
        if (used.authenticated()) {
            schema.append("  @link(url: \"https://specs.apollo.dev/authenticated/v0.1\", for: SECURITY)\n");
            accessDefinitions.append("directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR"
                    + " | ENUM\n");
        }
        if (!used.scopes().isEmpty()) {
            schema.append("  @link(url: \"https://specs.apollo.dev/requiresScopes/v0.1\", for: SECURITY)\n");
            accessDefinitions.append("directive @requiresScopes(scopes: [[requiresScopes__Scope!]!]!) on "
                    + "FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM\n\nscalar requiresScopes__Scope\n");
        }
        if (!used.policies().isEmpty()) {
            schema.append("  @link(url: \"https://specs.apollo.dev/policy/v0.1\", for: SECURITY)\n");
            accessDefinitions.append("directive @policy(policies: [[policy__Policy!]!]!) on FIELD_DEFINITION | OBJECT"
                    + " | INTERFACE | SCALAR | ENUM\n\nscalar policy__Policy\n");
        }
        schema.append("{\n");
        for (String root : ROOTS) {
            if (types.containsKey(root)) {
                schema.append("  ").append(root.toLowerCase(Locale.ROOT)).append(": ").append(root).append('\n');
            }
        }
        sdl.append(schema).append("}\n\n").append(HEADER)
                .append(accessDefinitions.isEmpty() ? "" : "\n" + accessDefinitions).append("\nenum join__Graph {\n");
        for (SubgraphSchema subgraph : subgraphs) {
            sdl.append("  ").append(graphIds.get(subgraph.name())).append(" @join__graph(name: ")
                    .append(quote(subgraph.name())).append(", url: ").append(quote(subgraph.url())).append(")\n");
        }
        sdl.append("}\n");
        List<Definition> definitions = new ArrayList<>();
        for (MergedType type : types.values()) {
            // Like Apollo's composition, keep every subgraph type but the built-in scalars and the federation
            // machinery (left out when read), even a scalar only a directive definition uses.
            if (type.kind == Kind.SCALAR && BUILT_IN_SCALARS.contains(type.name)) {
                continue;
            }
            definitions.add(type.definition());
        }
        sdl.append('\n').append(AstPrinter.printAst(Document.newDocument().definitions(definitions).build()));
        return sdl.toString();
    }

    // ---- model --------------------------------------------------------------------------------------------------

    private enum Kind {
        OBJECT("an object type"), INTERFACE("an interface"), UNION("a union"), ENUM("an enum"),
        INPUT("an input type"), SCALAR("a scalar");

        final String word;

        Kind(String word) {
            this.word = word;
        }

        static Kind of(TypeDefinition<?> type) {
            if (type instanceof ObjectTypeDefinition) {
                return OBJECT;
            }
            if (type instanceof InterfaceTypeDefinition) {
                return INTERFACE;
            }
            if (type instanceof UnionTypeDefinition) {
                return UNION;
            }
            if (type instanceof EnumTypeDefinition) {
                return ENUM;
            }
            if (type instanceof InputObjectTypeDefinition) {
                return INPUT;
            }
            return SCALAR;
        }
    }

    private record KeyUse(String fields, boolean resolvable) {
    }

    private static final class GraphUse {
        final List<KeyUse> keys = new ArrayList<>();
        final Set<String> keyFields = new HashSet<>();
        final Set<String> interfaces = new LinkedHashSet<>();
        final Set<String> members = new LinkedHashSet<>();
        boolean extension;
        boolean interfaceObject;
    }

    private record FieldUse(String graph, Type<?> type, boolean external, boolean shareable, String requires,
                            String provides, String override, String overrideLabel) {
    }

    private static final class MergedField {
        final String name;
        final Description description;
        final List<InputValueDefinition> arguments;
        final List<Directive> deprecated;
        final Map<String, FieldUse> uses = new LinkedHashMap<>();
        boolean inaccessible;
        AccessRule access = AccessRule.NONE;

        MergedField(MergedField other) {
            name = other.name;
            description = other.description;
            arguments = other.arguments;
            deprecated = other.deprecated;
            inaccessible = other.inaccessible;
            access = other.access;
        }

        MergedField(FieldDefinition first) {
            name = first.getName();
            description = first.getDescription();
            arguments = first.getInputValueDefinitions().stream().map(SupergraphComposer::withoutDirectives).toList();
            deprecated = first.getDirectives("deprecated");
        }
    }

    private static final class MergedEnumValue {
        final EnumValueDefinition first;
        final List<String> graphs = new ArrayList<>();
        boolean inaccessible;

        MergedEnumValue(EnumValueDefinition first) {
            this.first = first;
        }
    }

    private final class MergedType {
        final String name;
        final Kind kind;
        Description description;
        final Map<String, GraphUse> graphs = new LinkedHashMap<>();
        final Map<String, MergedField> fields = new LinkedHashMap<>();
        final Map<String, MergedEnumValue> enumValues = new LinkedHashMap<>();
        final Map<String, Map<String, InputValueDefinition>> inputFieldsPerGraph = new LinkedHashMap<>();
        AccessRule access = AccessRule.NONE;
        boolean inaccessible;

        MergedType(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        Definition<?> definition() {
            List<Directive> typeJoins = new ArrayList<>();
            graphs.forEach((graph, use) -> {
                if (use.keys.isEmpty()) {
                    typeJoins.add(joinType(graph, null, true, use));
                }
                use.keys.forEach(key -> typeJoins.add(joinType(graph, key.fields, key.resolvable, use)));
            });
            typeJoins.addAll(access.directives());
            if (inaccessible) {
                typeJoins.add(directive("inaccessible"));
            }
            return switch (kind) {
                case OBJECT -> ObjectTypeDefinition.newObjectTypeDefinition().name(name).description(description)
                        .implementz(interfaces()).directives(concat(typeJoins, implementsJoins()))
                        .fieldDefinitions(fieldDefinitions()).build();
                case INTERFACE -> InterfaceTypeDefinition.newInterfaceTypeDefinition().name(name).description(description)
                        .implementz(interfaces()).directives(concat(typeJoins, implementsJoins()))
                        .definitions(fieldDefinitions()).build();
                case UNION -> unionDefinition(typeJoins);
                case ENUM -> EnumTypeDefinition.newEnumTypeDefinition().name(name).description(description)
                        .directives(typeJoins)
                        .enumValueDefinitions(enumValues.values().stream().map(value -> value.first.transform(builder ->
                                builder.directives(concat(concat(value.first.getDirectives("deprecated"),
                                        value.inaccessible ? List.of(directive("inaccessible")) : List.of()),
                                        value.graphs.stream().map(graph -> directive("join__enumValue",
                                                argument("graph", new EnumValue(graph)))).toList())))).toList())
                        .build();
                case INPUT -> InputObjectTypeDefinition.newInputObjectDefinition().name(name).description(description)
                        .directives(typeJoins).inputValueDefinitions(inputFields()).build();
                case SCALAR -> ScalarTypeDefinition.newScalarTypeDefinition().name(name).description(description)
                        .directives(typeJoins).build();
            };
        }

        private Directive joinType(String graph, String key, boolean resolvable, GraphUse use) {
            List<Argument> arguments = new ArrayList<>();
            arguments.add(argument("graph", new EnumValue(graph)));
            if (key != null) {
                arguments.add(argument("key", new StringValue(key)));
            }
            if (use.extension && key != null) {
                arguments.add(argument("extension", new BooleanValue(true)));
            }
            if (!resolvable) {
                arguments.add(argument("resolvable", new BooleanValue(false)));
            }
            if (use.interfaceObject) {
                arguments.add(argument("isInterfaceObject", new BooleanValue(true)));
            }
            return Directive.newDirective().name("join__type").arguments(arguments).build();
        }

        private List<Type> interfaces() {
            Set<String> all = new LinkedHashSet<>();
            graphs.values().forEach(use -> all.addAll(use.interfaces));
            return all.stream().map(face -> (Type) new TypeName(face)).toList();
        }

        private List<Directive> implementsJoins() {
            List<Directive> joins = new ArrayList<>();
            graphs.forEach((graph, use) -> use.interfaces.forEach(face -> joins.add(directive("join__implements",
                    argument("graph", new EnumValue(graph)), argument("interface", new StringValue(face))))));
            return joins;
        }

        private Definition<?> unionDefinition(List<Directive> typeJoins) {
            Set<String> members = new LinkedHashSet<>();
            List<Directive> joins = new ArrayList<>(typeJoins);
            graphs.forEach((graph, use) -> use.members.forEach(member -> {
                members.add(member);
                joins.add(directive("join__unionMember", argument("graph", new EnumValue(graph)),
                        argument("member", new StringValue(member))));
            }));
            return UnionTypeDefinition.newUnionTypeDefinition().name(name).description(description).directives(joins)
                    .memberTypes(members.stream().map(member -> (Type) new TypeName(member)).toList()).build();
        }

        private List<InputValueDefinition> inputFields() {
            // Federation merges input types by intersection: a field every subgraph accepts.
            List<Map<String, InputValueDefinition>> perGraph = new ArrayList<>(inputFieldsPerGraph.values());
            return perGraph.get(0).values().stream()
                    .filter(field -> perGraph.stream().allMatch(fields -> fields.containsKey(field.getName())))
                    .toList();
        }

        private List<FieldDefinition> fieldDefinitions() {
            List<FieldDefinition> definitions = new ArrayList<>();
            for (MergedField field : fields.values()) {
                Type<?> type = apiType(field);
                boolean everywhere = field.uses.keySet().equals(graphs.keySet());
                boolean plain = field.uses.values().stream().allMatch(use -> !use.external && use.requires == null
                        && use.provides == null && use.override == null && use.type.isEqualTo(type));
                List<Directive> directives = new ArrayList<>(field.deprecated);
                if (field.inaccessible) {
                    directives.add(directive("inaccessible"));
                }
                directives.addAll(field.access.directives());
                if (graphs.size() > 1 || !everywhere || !plain) {
                    for (FieldUse use : field.uses.values()) {
                        // The subgraph a field was taken over from no longer resolves it; under a progressive
                        // override (a label) it still does whenever the gateway leaves the label off.
                        Optional<FieldUse> by = overriddenBy(field, use.graph);
                        if (by.isEmpty()) {
                            directives.add(joinField(use, type));
                        } else if (by.get().overrideLabel != null) {
                            directives.add(Directive.newDirective().name("join__field").arguments(List.of(
                                    argument("graph", new EnumValue(use.graph)),
                                    argument("overrideLabel", new StringValue(by.get().overrideLabel)))).build());
                        }
                    }
                }
                definitions.add(FieldDefinition.newFieldDefinition().name(field.name).description(field.description)
                        .inputValueDefinitions(field.arguments).type(type).directives(directives).build());
            }
            return definitions;
        }

        private Directive joinField(FieldUse use, Type<?> apiType) {
            List<Argument> arguments = new ArrayList<>();
            arguments.add(argument("graph", new EnumValue(use.graph)));
            if (use.requires != null) {
                arguments.add(argument("requires", new StringValue(use.requires)));
            }
            if (use.provides != null) {
                arguments.add(argument("provides", new StringValue(use.provides)));
            }
            if (!use.type.isEqualTo(apiType)) {
                arguments.add(argument("type", new StringValue(AstPrinter.printAst(use.type))));
            }
            if (use.external) {
                arguments.add(argument("external", new BooleanValue(true)));
            }
            if (use.override != null) {
                arguments.add(argument("override", new StringValue(use.override)));
            }
            if (use.overrideLabel != null) {
                arguments.add(argument("overrideLabel", new StringValue(use.overrideLabel)));
            }
            return Directive.newDirective().name("join__field").arguments(arguments).build();
        }

        /** Where subgraphs disagree on nullability, the API type is the nullable one: every subgraph can honour it. */
        private Type<?> apiType(MergedField field) {
            Type<?> first = field.uses.values().stream().filter(use -> !use.external).map(FieldUse::type)
                    .findFirst().orElse(field.uses.values().iterator().next().type);
            boolean anyNullable = field.uses.values().stream().anyMatch(use -> !(use.type instanceof NonNullType));
            if (anyNullable && first instanceof NonNullType nonNull) {
                return nonNull.getType();
            }
            return first;
        }
    }

    // ---- small AST helpers --------------------------------------------------------------------------------------

    private static InputValueDefinition withoutDirectives(InputValueDefinition value) {
        return value.transform(builder -> builder.directives(value.getDirectives("deprecated")));
    }

    private static List<Directive> federation(DirectivesContainer<?> element, String name) {
        List<Directive> found = new ArrayList<>(element.getDirectives(name));
        found.addAll(element.getDirectives("federation__" + name));
        return found;
    }

    /** A subgraph element's {@code @authenticated}, {@code @requiresScopes} and {@code @policy}, in either naming. */
    private static AccessRule access(DirectivesContainer<?> element) {
        AccessRule rule = AccessRule.NONE;
        for (String prefix : List.of("", "federation__")) {
            rule = rule.and(AccessRule.of(element.getDirectives(), prefix + "authenticated", prefix + "requiresScopes",
                    prefix + "policy"));
        }
        return rule;
    }

    private static boolean has(DirectivesContainer<?> element, String name) {
        return !federation(element, name).isEmpty();
    }

    private static void collectFieldNames(String fields, Set<String> names) {
        if (fields == null) {
            return;
        }
        SupergraphReader.parseFieldSet(fields).getSelections().forEach(selection -> {
            if (selection instanceof graphql.language.Field field) {
                names.add(field.getName());
            }
        });
    }

    private static Argument argument(String name, Value<?> value) {
        return Argument.newArgument(name, value).build();
    }

    private static Directive directive(String name, Argument... arguments) {
        return Directive.newDirective().name(name).arguments(List.of(arguments)).build();
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String unwrapped(Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            return unwrapped(nonNull.getType());
        }
        if (type instanceof ListType list) {
            return unwrapped(list.getType());
        }
        return ((TypeName) type).getName();
    }

    private static String quote(String value) {
        return AstPrinter.printAst(new StringValue(Objects.requireNonNull(value)));
    }
}
