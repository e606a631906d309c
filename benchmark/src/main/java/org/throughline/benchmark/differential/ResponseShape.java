package org.throughline.benchmark.differential;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.language.Argument;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.DirectivesContainer;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLUnionType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the GraphQL specification says a response to an operation looks like, checked against one: the order of
 * each object's keys is the order of the specification's CollectFields (fragments, {@code @skip} and
 * {@code @include} included; "Serialized Map Ordering"), and every enum value is one of the API schema's. It tells
 * which gateway is right where the two differ in key order or where one returns a value the API hides.
 */
final class ResponseShape {

    private final GraphQLSchema schema;
    private final Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final OperationDefinition operation;

    ResponseShape(GraphQLSchema schema, GeneratedOperation generated) {
        this.schema = schema;
        Document document = Parser.parse(generated.query());
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            if (definition.getDefaultValue() instanceof BooleanValue value) {
                variables.put(definition.getName(), value.isValue());
            }
        }
        variables.putAll(generated.variables());
    }

    /** Whether every object in {@code data} has its keys in CollectFields order. */
    boolean inSpecOrder(JsonNode data) {
        List<String> outOfOrder = new ArrayList<>();
        walk(data, schema.getQueryType(), List.of(operation.getSelectionSet()), "", outOfOrder, new ArrayList<>());
        return outOfOrder.isEmpty();
    }

    /** The paths in {@code data} of enum values that the API schema does not have. */
    Set<String> hiddenEnumValues(JsonNode data) {
        List<String> hidden = new ArrayList<>();
        walk(data, schema.getQueryType(), List.of(operation.getSelectionSet()), "", new ArrayList<>(), hidden);
        return new LinkedHashSet<>(hidden);
    }

    private void walk(JsonNode value, GraphQLType type, List<SelectionSet> selections, String path,
                      List<String> outOfOrder, List<String> hidden) {
        if (value == null || value.isNull()) {
            return;
        }
        if (type instanceof GraphQLNonNull nonNull) {
            walk(value, nonNull.getWrappedType(), selections, path, outOfOrder, hidden);
        } else if (type instanceof GraphQLList list && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), list.getWrappedType(), selections, child(path, String.valueOf(i)), outOfOrder, hidden);
            }
        } else if (type instanceof GraphQLEnumType enumType && value.isTextual()) {
            if (enumType.getValue(value.asText()) == null) {
                hidden.add(path);
            }
        } else if (type instanceof GraphQLCompositeType composite && value.isObject()) {
            object(value, composite, selections, path, outOfOrder, hidden);
        }
    }

    private void object(JsonNode value, GraphQLCompositeType type, List<SelectionSet> selections, String path,
                        List<String> outOfOrder, List<String> hidden) {
        List<String> actual = new ArrayList<>();
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            actual.add(names.next());
        }
        GraphQLObjectType runtime = null;
        Map<String, List<Field>> collected = null;
        for (GraphQLObjectType candidate : possibleObjects(type)) {
            Map<String, List<Field>> fields = new LinkedHashMap<>();
            collect(candidate, selections, fields, new HashSet<>());
            if (fields.keySet().containsAll(actual)) {
                List<String> expected = fields.keySet().stream().filter(actual::contains).toList();
                if (runtime == null || expected.equals(actual)) {
                    runtime = candidate;
                    collected = fields;
                }
                if (expected.equals(actual)) {
                    break;
                }
            }
        }
        if (runtime == null) {
            outOfOrder.add(path);
            return;
        }
        if (!collected.keySet().stream().filter(actual::contains).toList().equals(actual)) {
            outOfOrder.add(path);
        }
        for (String key : actual) {
            Field field = collected.get(key).get(0);
            GraphQLFieldDefinition definition = runtime.getFieldDefinition(field.getName());
            if (definition == null) {
                continue;
            }
            List<SelectionSet> sub = collected.get(key).stream().map(Field::getSelectionSet)
                    .filter(set -> set != null).toList();
            walk(value.get(key), definition.getType(), sub, child(path, key), outOfOrder, hidden);
        }
    }

    private List<GraphQLObjectType> possibleObjects(GraphQLCompositeType type) {
        if (type instanceof GraphQLObjectType object) {
            return List.of(object);
        }
        if (type instanceof GraphQLInterfaceType face) {
            return schema.getImplementations(face);
        }
        return ((GraphQLUnionType) type).getTypes().stream().map(t -> (GraphQLObjectType) t).toList();
    }

    /** The specification's CollectFields for one object type over the merged selection sets. */
    private void collect(GraphQLObjectType type, List<SelectionSet> selections, Map<String, List<Field>> into,
                         Set<String> visited) {
        for (SelectionSet set : selections) {
            for (Selection<?> selection : set.getSelections()) {
                if (!included((DirectivesContainer<?>) selection)) {
                    continue;
                }
                if (selection instanceof Field field) {
                    into.computeIfAbsent(field.getResultKey(), key -> new ArrayList<>()).add(field);
                } else if (selection instanceof InlineFragment inline) {
                    if (applies(type, inline.getTypeCondition())) {
                        collect(type, List.of(inline.getSelectionSet()), into, visited);
                    }
                } else if (selection instanceof FragmentSpread spread && visited.add(spread.getName())) {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    if (fragment != null && applies(type, fragment.getTypeCondition())) {
                        collect(type, List.of(fragment.getSelectionSet()), into, visited);
                    }
                }
            }
        }
    }

    private boolean applies(GraphQLObjectType type, TypeName condition) {
        if (condition == null || condition.getName().equals(type.getName())) {
            return true;
        }
        GraphQLType conditionType = schema.getType(condition.getName());
        if (conditionType instanceof GraphQLInterfaceType face) {
            return schema.getImplementations(face).contains(type);
        }
        return conditionType instanceof GraphQLUnionType union && union.getTypes().contains(type);
    }

    private boolean included(DirectivesContainer<?> selection) {
        for (Directive directive : selection.getDirectives()) {
            Argument condition = directive.getArgument("if");
            if (condition == null) {
                continue;
            }
            boolean value = condition.getValue() instanceof BooleanValue literal ? literal.isValue()
                    : Boolean.TRUE.equals(variables.get(((VariableReference) condition.getValue()).getName()));
            if (directive.getName().equals("skip") && value || directive.getName().equals("include") && !value) {
                return false;
            }
        }
        return true;
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
