package org.throughline.gateway.planning;

import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLUnionType;
import graphql.schema.GraphQLInterfaceType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flattens a selection set for one concrete object type: the fields of the set itself, of the inline fragments
 * and fragment spreads that apply to the type, in document order (GraphQL's CollectFields). With variables it
 * also honours {@code @skip} and {@code @include}; without, it keeps every conditional selection, which is what a
 * planner wants. As in the specification, a fragment already spread in one collection is not collected again: its
 * fields are there once, and a document of fragments spreading each other twice costs no more than their number.
 */
public final class FieldCollector {

    private final GraphQLSchema schema;
    private final Map<String, FragmentDefinition> fragments;
    private final Map<String, Object> variables;

    public FieldCollector(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, Map<String, Object> variables) {
        this.schema = schema;
        this.fragments = fragments;
        this.variables = variables;
    }

    public List<Field> collect(SelectionSet selectionSet, GraphQLObjectType type) {
        return collect(List.of(selectionSet), type);
    }

    /**
     * The fields of several selection sets on one object type, in order: the sub-selections of the occurrences of
     * one response key, which merge into one.
     */
    public List<Field> collect(List<SelectionSet> selectionSets, GraphQLObjectType type) {
        List<Field> fields = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (SelectionSet selectionSet : selectionSets) {
            collect(selectionSet, type, fields, visited);
        }
        return fields;
    }

    private void collect(SelectionSet selectionSet, GraphQLObjectType type, List<Field> into, Set<String> visited) {
        if (selectionSet == null) {
            return;
        }
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof Field field) {
                if (included(field.getDirectives())) {
                    into.add(field);
                }
            } else if (selection instanceof InlineFragment inline) {
                if (included(inline.getDirectives()) && applies(inline.getTypeCondition(), type)) {
                    collect(inline.getSelectionSet(), type, into, visited);
                }
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                if (fragment != null && included(spread.getDirectives()) && visited.add(spread.getName())
                        && applies(fragment.getTypeCondition(), type)) {
                    collect(fragment.getSelectionSet(), type, into, visited);
                }
            }
        }
    }

    private boolean applies(TypeName condition, GraphQLObjectType type) {
        if (condition == null || condition.getName().equals(type.getName())) {
            return true;
        }
        GraphQLType conditionType = schema.getType(condition.getName());
        if (conditionType instanceof GraphQLInterfaceType face) {
            return schema.isPossibleType(face, type);
        }
        if (conditionType instanceof GraphQLUnionType union) {
            return schema.isPossibleType(union, type);
        }
        return false;
    }

    private boolean included(List<Directive> directives) {
        if (variables == null) {
            return true;
        }
        for (Directive directive : directives) {
            if (directive.getName().equals("skip") && condition(directive)) {
                return false;
            }
            if (directive.getName().equals("include") && !condition(directive)) {
                return false;
            }
        }
        return true;
    }

    private boolean condition(Directive directive) {
        Value<?> value = directive.getArgument("if").getValue();
        if (value instanceof BooleanValue bool) {
            return bool.isValue();
        }
        if (value instanceof VariableReference reference) {
            return Boolean.TRUE.equals(variables.get(reference.getName()));
        }
        return false;
    }
}
