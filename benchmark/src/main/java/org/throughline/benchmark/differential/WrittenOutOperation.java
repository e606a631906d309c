package org.throughline.benchmark.differential;

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
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An operation rewritten into one the specification's CollectFields answers identically, key order included, but
 * with fewer of the constructs Apollo's gateway mishandles: {@code @skip} and {@code @include} applied (the
 * selections they exclude gone, the directives gone), named fragments put in place, fragments without a type
 * condition or on the enclosing type spliced into it, and a fragment on an interface or union replaced, in its
 * place, by one fragment per object type that both it and the enclosing type allow. For any object type exactly
 * the same fields are collected in the same order, so a correct gateway answers both forms alike; where Apollo's
 * answers to the two differ, Apollo contradicts itself, and its answer to this form is the second opinion the known
 * deviations ask for.
 */
final class WrittenOutOperation {

    private final GraphQLSchema schema;
    private final Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
    private final Map<String, Object> variables = new LinkedHashMap<>();

    private WrittenOutOperation(GraphQLSchema schema) {
        this.schema = schema;
    }

    /**
     * The operation written out.
     *
     * @throws IllegalArgumentException when it cannot be: a field whose every sub-selection is excluded has no
     *                                  equivalent (its answer is an empty object, and an empty selection set cannot
     *                                  be written)
     */
    static GeneratedOperation of(GraphQLSchema schema, GeneratedOperation generated) {
        WrittenOutOperation writer = new WrittenOutOperation(schema);
        Document document = Parser.parse(generated.query());
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> writer.fragments.put(f.getName(), f));
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            if (definition.getDefaultValue() instanceof BooleanValue value) {
                writer.variables.put(definition.getName(), value.isValue());
            }
        }
        writer.variables.putAll(generated.variables());
        List<Selection> root = writer.selections(operation.getSelectionSet(), schema.getQueryType());
        if (root.isEmpty()) {
            throw new IllegalArgumentException("every root selection is excluded");
        }
        OperationDefinition written = operation.transform(b -> b.selectionSet(new SelectionSet(root)));
        return Shrinker.cleaned(Document.newDocument().definition(written).build(), generated.variables());
    }

    private List<Selection> selections(SelectionSet set, GraphQLCompositeType parent) {
        List<Selection> written = new ArrayList<>();
        for (Selection<?> selection : set.getSelections()) {
            if (!included((DirectivesContainer<?>) selection)) {
                continue;
            }
            if (selection instanceof Field field) {
                written.add(field(field, parent));
                continue;
            }
            TypeName condition;
            SelectionSet inner;
            if (selection instanceof InlineFragment inline) {
                condition = inline.getTypeCondition();
                inner = inline.getSelectionSet();
            } else {
                FragmentDefinition fragment = fragments.get(((FragmentSpread) selection).getName());
                condition = fragment.getTypeCondition();
                inner = fragment.getSelectionSet();
            }
            if (parent instanceof GraphQLObjectType object) {
                if (applies(object, condition)) {
                    written.addAll(selections(inner, parent));
                }
            } else if (condition == null || condition.getName().equals(parent.getName())) {
                written.addAll(selections(inner, parent));
            } else {
                List<GraphQLObjectType> allowed = possibleObjects(parent);
                for (GraphQLObjectType object : possibleObjects((GraphQLCompositeType) schema.getType(condition.getName()))) {
                    if (allowed.contains(object)) {
                        List<Selection> objectSelections = selections(inner, object);
                        if (!objectSelections.isEmpty()) {
                            written.add(InlineFragment.newInlineFragment()
                                    .typeCondition(TypeName.newTypeName(object.getName()).build())
                                    .selectionSet(new SelectionSet(objectSelections)).build());
                        }
                    }
                }
            }
        }
        return written;
    }

    private Field field(Field field, GraphQLCompositeType parent) {
        List<Directive> kept = field.getDirectives().stream()
                .filter(d -> !d.getName().equals("skip") && !d.getName().equals("include")).toList();
        if (field.getSelectionSet() == null || field.getSelectionSet().getSelections().isEmpty()) {
            return field.transform(b -> b.directives(kept));
        }
        GraphQLFieldDefinition definition = ((GraphQLFieldsContainer) parent).getFieldDefinition(field.getName());
        GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
        List<Selection> sub = selections(field.getSelectionSet(), (GraphQLCompositeType) type);
        if (sub.isEmpty()) {
            throw new IllegalArgumentException("every selection under " + field.getResultKey() + " is excluded");
        }
        return field.transform(b -> b.directives(kept).selectionSet(new SelectionSet(sub)));
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

    private boolean applies(GraphQLObjectType type, TypeName condition) {
        return condition == null
                || possibleObjects((GraphQLCompositeType) schema.getType(condition.getName())).contains(type);
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
}
