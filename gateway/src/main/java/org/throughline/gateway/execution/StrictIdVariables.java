package org.throughline.gateway.execution;

import graphql.Scalars;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IDs in variables as the GraphQL specification coerces them: a string or an integer, nothing else. graphql-java
 * turns any value into an ID through {@code String.valueOf}, so {@code {"a": 1}} became the ID {@code "{a=1}"}; this
 * check runs before its coercion and names the variable and where in it the bad value sits.
 */
final class StrictIdVariables {

    private StrictIdVariables() {
    }

    /** The first ID in the variables that is neither a string nor an integer, described; empty when there is none. */
    static Optional<String> firstInvalid(GraphQLSchema schema, List<VariableDefinition> definitions,
                                         Map<String, Object> variables) {
        for (VariableDefinition definition : definitions) {
            if (!variables.containsKey(definition.getName())) {
                continue;
            }
            GraphQLType type = resolve(schema, definition.getType());
            Optional<String> invalid = check(type, variables.get(definition.getName()), "$" + definition.getName(), 0);
            if (invalid.isPresent()) {
                return invalid;
            }
        }
        return Optional.empty();
    }

    private static GraphQLType resolve(GraphQLSchema schema, Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            GraphQLType inner = resolve(schema, nonNull.getType());
            return inner == null ? null : GraphQLNonNull.nonNull(inner);
        }
        if (type instanceof ListType list) {
            GraphQLType inner = resolve(schema, list.getType());
            return inner == null ? null : GraphQLList.list(inner);
        }
        return schema.getType(((TypeName) type).getName());
    }

    private static Optional<String> check(GraphQLType type, Object value, String where, int depth) {
        if (value == null || type == null || depth > 64) {
            return Optional.empty();
        }
        if (type instanceof GraphQLNonNull nonNull) {
            return check(nonNull.getWrappedType(), value, where, depth);
        }
        if (type instanceof GraphQLList list) {
            if (value instanceof List<?> items) {
                for (int i = 0; i < items.size(); i++) {
                    Optional<String> invalid = check(list.getWrappedType(), items.get(i), where + "[" + i + "]", depth + 1);
                    if (invalid.isPresent()) {
                        return invalid;
                    }
                }
                return Optional.empty();
            }
            return check(list.getWrappedType(), value, where, depth + 1);
        }
        if (type instanceof GraphQLInputObjectType object && value instanceof Map<?, ?> fields) {
            for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
                Optional<String> invalid = check(field.getType(), fields.get(field.getName()),
                        where + "." + field.getName(), depth + 1);
                if (invalid.isPresent()) {
                    return invalid;
                }
            }
            return Optional.empty();
        }
        if (type instanceof GraphQLScalarType scalar && Scalars.GraphQLID.getName().equals(scalar.getName())
                && !(value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger)) {
            return Optional.of("Variable " + where + " is not an ID: an ID is a string or an integer, not "
                    + kind(value));
        }
        return Optional.empty();
    }

    private static String kind(Object value) {
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value instanceof Number ? "a number with a fraction" : "a " + value.getClass().getSimpleName();
    }
}
