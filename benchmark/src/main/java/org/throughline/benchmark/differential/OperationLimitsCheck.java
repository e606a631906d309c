package org.throughline.benchmark.differential;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether an operation stays inside our gateway's default operation limits (depth 15, aliases 30, root fields 20,
 * fields 10,000, directives 100, estimated cost 1,000,000), measured as the gateway does, fragments counted where they are spread: generated
 * operations test planning and execution, not the limits. It keeps a margin below each ceiling, as our estimate of
 * the cost is close to the gateway's but not the same code.
 */
final class OperationLimitsCheck {

    static final int MAX_DEPTH = 12;
    static final int MAX_ALIASES = 28;
    static final int MAX_ROOT_FIELDS = 18;
    static final long MAX_COST = 500_000;
    static final long MAX_FIELDS = 9_000;
    static final long MAX_DIRECTIVES = 90;
    private static final int ASSUMED_LIST_SIZE = 10;

    private final GraphQLSchema schema;
    private Map<String, FragmentDefinition> fragments;
    private int depth;
    private int aliases;
    private long fields;
    private long directives;

    OperationLimitsCheck(GraphQLSchema schema) {
        this.schema = schema;
    }

    /** Null when the operation is within the limits, else which one it passes. */
    synchronized String exceeded(Document document) {
        fragments = document.getDefinitionsOfType(FragmentDefinition.class).stream()
                .collect(Collectors.toMap(FragmentDefinition::getName, Function.identity(), (a, b) -> a));
        depth = 0;
        aliases = 0;
        fields = 0;
        directives = 0;
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        long cost = cost(operation.getSelectionSet(), schema.getQueryType(), 1);
        int rootFields = rootFields(operation.getSelectionSet());
        if (depth > MAX_DEPTH) {
            return "depth " + depth;
        }
        if (aliases > MAX_ALIASES) {
            return "aliases " + aliases;
        }
        if (rootFields > MAX_ROOT_FIELDS) {
            return "root fields " + rootFields;
        }
        if (fields > MAX_FIELDS) {
            return "fields " + fields;
        }
        if (directives > MAX_DIRECTIVES) {
            return "directives " + directives;
        }
        return cost > MAX_COST ? "cost " + cost : null;
    }

    private int rootFields(SelectionSet selections) {
        int count = 0;
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field) {
                count++;
            } else if (selection instanceof InlineFragment inline) {
                count += rootFields(inline.getSelectionSet());
            } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
                count += rootFields(fragments.get(spread.getName()).getSelectionSet());
            }
        }
        return count;
    }

    private long cost(SelectionSet selections, GraphQLType parent, int level) {
        long cost = 0;
        for (Selection<?> selection : selections.getSelections()) {
            directives += ((graphql.language.DirectivesContainer<?>) selection).getDirectives().size();
            if (selection instanceof Field field) {
                cost += fieldCost(field, parent, level);
            } else if (selection instanceof InlineFragment inline) {
                GraphQLType condition = inline.getTypeCondition() == null ? parent
                        : schema.getType(inline.getTypeCondition().getName());
                cost += cost(inline.getSelectionSet(), condition, level);
            } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                cost += cost(fragment.getSelectionSet(), schema.getType(fragment.getTypeCondition().getName()), level);
            }
        }
        return cost;
    }

    private long fieldCost(Field field, GraphQLType parent, int level) {
        fields++;
        depth = Math.max(depth, level);
        if (field.getAlias() != null) {
            aliases++;
        }
        if (field.getSelectionSet() == null || !(parent instanceof GraphQLFieldsContainer container)) {
            return 1;
        }
        GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
        if (definition == null) {
            return 1;
        }
        long size = field.getArguments().stream()
                .filter(argument -> (argument.getName().equals("first") || argument.getName().equals("last"))
                        && argument.getValue() instanceof IntValue)
                .mapToLong(argument -> Math.max(0, ((IntValue) argument.getValue()).getValue().longValue()))
                .findFirst().orElse(ASSUMED_LIST_SIZE);
        long multiplier = 1;
        GraphQLType type = definition.getType();
        while (type instanceof GraphQLNonNull || type instanceof GraphQLList) {
            if (type instanceof GraphQLList list) {
                multiplier *= Math.max(1, size);
                type = list.getWrappedType();
            } else {
                type = ((GraphQLNonNull) type).getWrappedType();
            }
        }
        GraphQLType inner = type instanceof GraphQLCompositeType ? type : null;
        return 1 + multiplier * cost(field.getSelectionSet(), inner, level + 1);
    }
}
