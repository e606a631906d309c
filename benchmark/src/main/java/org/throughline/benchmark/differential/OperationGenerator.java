package org.throughline.benchmark.differential;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.AstPrinter;
import graphql.language.BooleanValue;
import graphql.language.Definition;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import graphql.validation.ValidationError;
import graphql.validation.Validator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Random valid queries over an API schema, reproducible from a seed: fields with arguments as literals and as
 * variables, aliases (the same field twice with different arguments among them), inline fragments and named
 * fragments on objects, interfaces and union members, the same response key selected in several fragments with
 * different sub-selections, {@code @skip} and {@code @include}, and {@code __typename} at any level. Each operation
 * passes graphql-java's {@link Validator} and stays within our gateway's operation limits; a draft that does not is
 * thrown away and another drawn.
 */
final class OperationGenerator {

    private static final int ATTEMPTS = 500;

    private final GraphQLSchema schema;
    private final Map<String, List<Object>> samples;
    private final OperationLimitsCheck limits;
    /** Composite types a fragment may be on, by the object types each can be. */
    private final List<GraphQLCompositeType> compositeTypes;
    /** Drafts thrown away so far, for the report. */
    private int rejected;

    OperationGenerator(GraphQLSchema schema, Map<String, List<Object>> samples) {
        this.schema = schema;
        this.samples = samples;
        this.limits = new OperationLimitsCheck(schema);
        this.compositeTypes = schema.getAllTypesAsList().stream()
                .filter(type -> type instanceof GraphQLCompositeType && !type.getName().startsWith("__"))
                .map(type -> (GraphQLCompositeType) type)
                .sorted(Comparator.comparing(GraphQLNamedType::getName)).toList();
    }

    int rejected() {
        return rejected;
    }

    /** The next valid operation from {@code random}. */
    GeneratedOperation next(Random random) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Draft draft = new Draft(random);
            Document document = draft.document();
            String text = AstPrinter.printAst(document);
            if (isValid(text)) {
                return new GeneratedOperation(text, draft.values);
            }
            rejected++;
        }
        throw new IllegalStateException("no valid operation in " + ATTEMPTS + " drafts");
    }

    /** Whether the text parses, validates against the schema and stays within the gateway's limits. */
    boolean isValid(String text) {
        return problems(text).isEmpty();
    }

    /** Why the text is not a valid operation here; empty when it is. */
    List<String> problems(String text) {
        Document document;
        try {
            document = Parser.parse(text);
        } catch (RuntimeException e) {
            return List.of("does not parse: " + e.getMessage());
        }
        List<ValidationError> errors = new Validator().validateDocument(schema, document, Locale.ENGLISH);
        if (!errors.isEmpty()) {
            return errors.stream().map(ValidationError::getMessage).toList();
        }
        String exceeded = limits.exceeded(document);
        return exceeded == null ? List.of() : List.of("beyond the gateway's limits: " + exceeded);
    }

    /** The object types a composite type can be. */
    private Set<String> possibleObjects(GraphQLCompositeType type) {
        if (type instanceof GraphQLObjectType) {
            return Set.of(type.getName());
        }
        if (type instanceof GraphQLInterfaceType face) {
            return schema.getImplementations(face).stream().map(GraphQLObjectType::getName).collect(Collectors.toSet());
        }
        return ((GraphQLUnionType) type).getTypes().stream().map(GraphQLNamedType::getName).collect(Collectors.toSet());
    }

    /** What one response key stands for; a key used again must stand for the same, or validation fails. */
    private record KeyUse(String field, String arguments, String type) {
    }

    /** One operation being drawn. */
    private final class Draft {

        private final Random random;
        private final int maxDepth;
        private final List<VariableDefinition> variables = new ArrayList<>();
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final List<FragmentDefinition> fragments = new ArrayList<>();
        /** Where each finished fragment was made: it may be spread again only as shallow and as cheap. */
        private final Map<String, int[]> fragmentPlaces = new HashMap<>();
        private final Map<String, KeyUse> keys = new HashMap<>();
        private int fragmentCount;
        private int aliases;

        Draft(Random random) {
            this.random = random;
            this.maxDepth = 2 + random.nextInt(5);
        }

        Document document() {
            SelectionSet root = selectionSet(schema.getQueryType(), 1, 1, 0);
            OperationDefinition operation = OperationDefinition.newOperationDefinition().name("Differential")
                    .operation(OperationDefinition.Operation.QUERY).variableDefinitions(variables)
                    .selectionSet(root).build();
            List<Definition> definitions = new ArrayList<>();
            definitions.add(operation);
            definitions.addAll(fragments);
            return Document.newDocument().definitions(definitions).build();
        }

        private boolean chance(int percent) {
            return random.nextInt(100) < percent;
        }

        private <T> T pick(List<T> items) {
            return items.get(random.nextInt(items.size()));
        }

        private SelectionSet selectionSet(GraphQLCompositeType type, int depth, long multiplier, int nesting) {
            List<Selection> selections = new ArrayList<>();
            int count = 1 + random.nextInt(depth <= 2 ? 4 : 3);
            for (int i = 0; i < count; i++) {
                selection(type, depth, multiplier, nesting, selections);
            }
            if (selections.isEmpty()) {
                selections.add(typename());
            }
            return SelectionSet.newSelectionSet().selections(selections).build();
        }

        private void selection(GraphQLCompositeType type, int depth, long multiplier, int nesting,
                               List<Selection> into) {
            int roll = random.nextInt(100);
            if (roll < 8) {
                into.add(typename());
            } else if (roll < 24 && nesting < 3) {
                into.add(inlineFragment(type, depth, multiplier, nesting));
            } else if (roll < 36 && nesting < 3) {
                into.add(fragmentSpread(type, depth, multiplier, nesting));
            } else if (type instanceof GraphQLFieldsContainer container) {
                field(container, depth, multiplier, nesting, into);
            } else {
                into.add(nesting < 3 ? inlineFragment(type, depth, multiplier, nesting) : typename());
            }
        }

        private Field typename() {
            String key = responseKey("__typename", "", "String!", chance(10));
            return Field.newField("__typename").alias(key == null || key.equals("__typename") ? null : key)
                    .directives(directives()).build();
        }

        private void field(GraphQLFieldsContainer type, int depth, long multiplier, int nesting,
                           List<Selection> into) {
            List<GraphQLFieldDefinition> candidates = type.getFieldDefinitions().stream()
                    .filter(f -> !f.getName().startsWith("__"))
                    .filter(f -> depth < maxDepth && multiplier * listFactor(f.getType()) <= 1000
                            || !(GraphQLTypeUtil.unwrapAll(f.getType()) instanceof GraphQLCompositeType)).toList();
            if (candidates.isEmpty()) {
                into.add(typename());
                return;
            }
            GraphQLFieldDefinition definition = pick(candidates);
            Field field = field(definition, depth, multiplier, nesting, chance(20));
            if (field != null) {
                into.add(field);
            }
            if (!definition.getArguments().isEmpty() && chance(25)) {
                Field twin = field(definition, depth, multiplier, nesting, true);
                if (twin != null) {
                    into.add(twin);
                }
            }
        }

        private Field field(GraphQLFieldDefinition definition, int depth, long multiplier, int nesting,
                            boolean alias) {
            List<Argument> arguments = arguments(definition);
            String key = responseKey(definition.getName(), arguments.stream().map(AstPrinter::printAst)
                    .collect(Collectors.joining(",")), GraphQLTypeUtil.simplePrint(definition.getType()), alias);
            if (key == null) {
                return null;
            }
            GraphQLType inner = GraphQLTypeUtil.unwrapAll(definition.getType());
            SelectionSet selections = inner instanceof GraphQLCompositeType composite
                    ? selectionSet(composite, depth + 1, multiplier * listFactor(definition.getType()), nesting)
                    : null;
            return Field.newField(definition.getName()).alias(key.equals(definition.getName()) ? null : key)
                    .arguments(arguments).directives(directives()).selectionSet(selections).build();
        }

        /**
         * The key a field is answered under: its name, or an alias when asked for or when its name already stands
         * for the field with other arguments or another type; null when no alias is left.
         */
        private String responseKey(String field, String arguments, String type, boolean alias) {
            KeyUse use = new KeyUse(field, arguments, type);
            String key = alias ? field + (1 + random.nextInt(2)) : field;
            for (int suffix = 3; keys.containsKey(key) && !keys.get(key).equals(use); suffix++) {
                key = field + suffix;
            }
            if (!key.equals(field) && !keys.containsKey(key)) {
                if (aliases >= OperationLimitsCheck.MAX_ALIASES - 4) {
                    return null;
                }
                aliases++;
            }
            keys.put(key, use);
            return key;
        }

        private long listFactor(GraphQLType type) {
            long factor = 1;
            for (GraphQLType t = type; GraphQLTypeUtil.isWrapped(t); t = GraphQLTypeUtil.unwrapOne(t)) {
                if (t instanceof GraphQLList) {
                    factor *= 10;
                }
            }
            return factor;
        }

        private InlineFragment inlineFragment(GraphQLCompositeType parent, int depth, long multiplier, int nesting) {
            boolean untyped = chance(15);
            GraphQLCompositeType condition = untyped ? parent : pick(conditions(parent));
            List<Directive> directives = untyped ? List.of(conditionalDirective()) : directives();
            return InlineFragment.newInlineFragment()
                    .typeCondition(untyped ? null : TypeName.newTypeName(condition.getName()).build())
                    .directives(directives)
                    .selectionSet(selectionSet(condition, depth, multiplier, nesting + 1)).build();
        }

        private FragmentSpread fragmentSpread(GraphQLCompositeType parent, int depth, long multiplier, int nesting) {
            List<GraphQLCompositeType> conditions = conditions(parent);
            Set<String> allowed = conditions.stream().map(GraphQLNamedType::getName).collect(Collectors.toSet());
            List<FragmentDefinition> reusable = fragments.stream()
                    .filter(f -> allowed.contains(f.getTypeCondition().getName()))
                    .filter(f -> fragmentPlaces.get(f.getName())[0] >= depth
                            && fragmentPlaces.get(f.getName())[1] >= multiplier).toList();
            String name;
            if (!reusable.isEmpty() && chance(60)) {
                name = pick(reusable).getName();
            } else {
                GraphQLCompositeType condition = pick(conditions);
                name = "F" + (++fragmentCount);
                SelectionSet body = selectionSet(condition, depth, multiplier, nesting + 1);
                fragments.add(FragmentDefinition.newFragmentDefinition().name(name)
                        .typeCondition(TypeName.newTypeName(condition.getName()).build()).selectionSet(body).build());
                fragmentPlaces.put(name, new int[]{depth, (int) Math.min(Integer.MAX_VALUE, multiplier)});
            }
            return FragmentSpread.newFragmentSpread(name).directives(directives()).build();
        }

        /** Types a fragment in a selection on {@code parent} may be on: those sharing a possible object with it. */
        private List<GraphQLCompositeType> conditions(GraphQLCompositeType parent) {
            Set<String> possible = possibleObjects(parent);
            List<GraphQLCompositeType> conditions = compositeTypes.stream()
                    .filter(type -> possibleObjects(type).stream().anyMatch(possible::contains)).toList();
            return conditions.isEmpty() ? List.of(parent) : conditions;
        }

        private List<Directive> directives() {
            return chance(12) ? List.of(conditionalDirective()) : List.of();
        }

        private Directive conditionalDirective() {
            Value<?> condition;
            if (chance(50)) {
                condition = BooleanValue.of(random.nextBoolean());
            } else {
                String name = "b" + (variables.size() + 1);
                boolean defaulted = chance(20);
                variables.add(VariableDefinition.newVariableDefinition(name,
                                defaulted ? new TypeName("Boolean") : new NonNullType(new TypeName("Boolean")))
                        .defaultValue(defaulted ? BooleanValue.of(random.nextBoolean()) : null).build());
                if (!defaulted) {
                    values.put(name, random.nextBoolean());
                }
                condition = VariableReference.of(name);
            }
            return Directive.newDirective().name(chance(50) ? "skip" : "include")
                    .arguments(List.of(Argument.newArgument("if", condition).build())).build();
        }

        private List<Argument> arguments(GraphQLFieldDefinition definition) {
            List<Argument> arguments = new ArrayList<>();
            for (GraphQLArgument argument : definition.getArguments()) {
                boolean required = argument.getType() instanceof GraphQLNonNull && !argument.hasSetDefaultValue();
                if (!required && !chance(45)) {
                    continue;
                }
                Value<?> value = chance(40) ? variable(argument.getName(), argument.getType())
                        : literal(value(argument.getName(), argument.getType()), argument.getType());
                arguments.add(Argument.newArgument(argument.getName(), value).build());
            }
            return arguments;
        }

        private VariableReference variable(String argument, GraphQLInputType type) {
            String name = "v" + (variables.size() + 1);
            Object value = value(argument, type);
            VariableDefinition.Builder definition = VariableDefinition.newVariableDefinition(name, astType(type));
            if (!(type instanceof GraphQLNonNull) && chance(25)) {
                if (chance(50)) {
                    definition.defaultValue(literal(value, type));
                }
            } else {
                values.put(name, value);
            }
            variables.add(definition.build());
            return VariableReference.of(name);
        }

        /** A value of the type, as JSON would carry it; from the samples for the name when there are some. */
        private Object value(String name, GraphQLInputType type) {
            if (type instanceof GraphQLNonNull nonNull) {
                return nonNullValue(name, (GraphQLInputType) nonNull.getWrappedType());
            }
            return chance(6) ? null : nonNullValue(name, type);
        }

        private Object nonNullValue(String name, GraphQLInputType type) {
            if (type instanceof GraphQLList list) {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    items.add(value(name, (GraphQLInputType) list.getWrappedType()));
                }
                return items;
            }
            if (type instanceof GraphQLEnumType enumType) {
                return pick(enumType.getValues()).getName();
            }
            if (type instanceof GraphQLInputObjectType object) {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
                    boolean required = field.getType() instanceof GraphQLNonNull && !field.hasSetDefaultValue();
                    if (required || chance(50)) {
                        fields.put(field.getName(), value(field.getName(), field.getType()));
                    }
                }
                return fields;
            }
            String scalar = ((GraphQLScalarType) type).getName();
            List<Object> fitting = samples.getOrDefault(name, List.of()).stream()
                    .filter(sample -> fits(sample, scalar)).toList();
            if (!fitting.isEmpty() && chance(85)) {
                return pick(fitting);
            }
            return switch (scalar) {
                case "Int" -> random.nextInt(7) - 1;
                case "Float" -> pick(List.of(0.5, 2.0, 4.25));
                case "Boolean" -> random.nextBoolean();
                case "ID" -> pick(List.of("1", "x"));
                default -> pick(List.of("a", "e", ""));
            };
        }

        private boolean fits(Object sample, String scalar) {
            return switch (scalar) {
                case "Int" -> sample instanceof Integer;
                case "Float" -> sample instanceof Number;
                case "Boolean" -> sample instanceof Boolean;
                default -> sample instanceof String;
            };
        }
    }

    /** The value as a literal of the type. */
    static Value<?> literal(Object value, GraphQLInputType type) {
        if (value == null) {
            return NullValue.of();
        }
        if (type instanceof GraphQLNonNull nonNull) {
            return literal(value, (GraphQLInputType) nonNull.getWrappedType());
        }
        if (type instanceof GraphQLList list) {
            return ArrayValue.newArrayValue().values(((List<?>) value).stream()
                    .<Value>map(item -> literal(item, (GraphQLInputType) list.getWrappedType())).toList()).build();
        }
        if (type instanceof GraphQLEnumType) {
            return EnumValue.of((String) value);
        }
        if (type instanceof GraphQLInputObjectType object) {
            return ObjectValue.newObjectValue().objectFields(((Map<?, ?>) value).entrySet().stream()
                    .map(entry -> new ObjectField((String) entry.getKey(), literal(entry.getValue(),
                            object.getField((String) entry.getKey()).getType()))).toList()).build();
        }
        return switch (((GraphQLScalarType) type).getName()) {
            case "Int" -> IntValue.of((Integer) value);
            case "Float" -> FloatValue.of(new BigDecimal(value.toString()).doubleValue());
            case "Boolean" -> BooleanValue.of((Boolean) value);
            default -> StringValue.of((String) value);
        };
    }

    static Type<?> astType(GraphQLType type) {
        if (type instanceof GraphQLNonNull nonNull) {
            return new NonNullType(astType(nonNull.getWrappedType()));
        }
        if (type instanceof GraphQLList list) {
            return new ListType(astType(list.getWrappedType()));
        }
        return new TypeName(((GraphQLNamedType) type).getName());
    }
}
