package org.throughline.gateway.execution;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import org.throughline.gateway.supergraph.AccessRule;
import org.throughline.gateway.supergraph.Supergraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enforces the supergraph's {@code @authenticated}, {@code @requiresScopes} and {@code @policy} on one operation for
 * one caller, as Apollo's router and Hive's do: a field the caller may not see is taken out of the operation before
 * it is planned, and the client gets an error at its path (the response keys from the root, without list indices)
 * and null in its place. A field whose whole selection was taken out goes too.
 */
final class AccessFilter {

    /** The operation the caller may run (null when nothing of it is left), and one error per field taken out. */
    record Result(Document document, List<Map<String, Object>> errors) {
    }

    private final Supergraph supergraph;
    private final GraphQLSchema schema;
    private final Caller caller;
    private final Map<String, FragmentDefinition> fragments;
    private final Map<String, FragmentDefinition> kept = new LinkedHashMap<>();
    private final Map<List<Object>, Map<String, Object>> errors = new LinkedHashMap<>();

    private AccessFilter(Supergraph supergraph, Caller caller, Map<String, FragmentDefinition> fragments) {
        this.supergraph = supergraph;
        this.schema = supergraph.apiSchema();
        this.caller = caller;
        this.fragments = fragments;
    }

    /** The document as the caller may run it; the same document, and no errors, when nothing is refused. */
    static Result apply(Supergraph supergraph, Caller caller, Document document, OperationDefinition operation,
                        Map<String, FragmentDefinition> fragments) {
        AccessFilter filter = new AccessFilter(supergraph, caller, fragments);
        GraphQLCompositeType root = switch (operation.getOperation()) {
            case MUTATION -> filter.schema.getMutationType();
            case SUBSCRIPTION -> filter.schema.getSubscriptionType();
            default -> filter.schema.getQueryType();
        };
        SelectionSet allowed = filter.selections(operation.getSelectionSet(), root, List.of());
        if (filter.errors.isEmpty()) {
            return new Result(document, List.of());
        }
        List<Map<String, Object>> refusals = List.copyOf(filter.errors.values());
        if (allowed.getSelections().isEmpty()) {
            return new Result(null, refusals);
        }
        List<graphql.language.Definition> definitions = new ArrayList<>();
        definitions.add(operation.transform(builder -> builder.selectionSet(allowed)));
        definitions.addAll(filter.kept.values());
        return new Result(Document.newDocument().definitions(definitions).build(), refusals);
    }

    private SelectionSet selections(SelectionSet selections, GraphQLCompositeType parent, List<Object> path) {
        List<Selection> allowed = new ArrayList<>();
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field field) {
                Field kept = field(field, parent, path);
                if (kept != null) {
                    allowed.add(kept);
                }
            } else if (selection instanceof InlineFragment inline) {
                GraphQLCompositeType type = inline.getTypeCondition() == null ? parent
                        : (GraphQLCompositeType) schema.getType(inline.getTypeCondition().getName());
                SelectionSet inner = selections(inline.getSelectionSet(), type, path);
                if (!inner.getSelections().isEmpty()) {
                    allowed.add(inline.transform(builder -> builder.selectionSet(inner)));
                }
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                GraphQLCompositeType type =
                        (GraphQLCompositeType) schema.getType(fragment.getTypeCondition().getName());
                // A fragment's type condition alone decides what of it is kept; its errors belong to each use.
                SelectionSet inner = selections(fragment.getSelectionSet(), type, path);
                if (!inner.getSelections().isEmpty()) {
                    kept.putIfAbsent(fragment.getName(), fragment.transform(builder -> builder.selectionSet(inner)));
                    allowed.add(spread);
                }
            }
        }
        return SelectionSet.newSelectionSet(allowed).build();
    }

    private Field field(Field field, GraphQLCompositeType parent, List<Object> path) {
        if (field.getName().startsWith("__") || !(parent instanceof GraphQLFieldsContainer container)) {
            return field;
        }
        GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
        if (definition == null) {
            return field;
        }
        GraphQLType returned = GraphQLTypeUtil.unwrapAll(definition.getType());
        AccessRule rule = supergraph.accessRule(parent.getName(), field.getName())
                .and(supergraph.accessRule(((graphql.schema.GraphQLNamedType) returned).getName()));
        List<Object> at = new ArrayList<>(path);
        at.add(field.getAlias() != null ? field.getAlias() : field.getName());
        String refusal = caller.refusal(rule);
        if (refusal != null) {
            errors.putIfAbsent(List.copyOf(at), error(field, parent, at, refusal, rule));
            return null;
        }
        if (field.getSelectionSet() == null || !(returned instanceof GraphQLCompositeType composite)) {
            return field;
        }
        SelectionSet inner = selections(field.getSelectionSet(), composite, at);
        return inner.getSelections().isEmpty() ? null : field.transform(builder -> builder.selectionSet(inner));
    }

    private static Map<String, Object> error(Field field, GraphQLCompositeType parent, List<Object> path,
                                             String code, AccessRule rule) {
        String coordinate = parent.getName() + "." + field.getName();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", code.equals("UNAUTHENTICATED")
                ? coordinate + " needs a signed-in caller: send an access token."
                : coordinate + " is not allowed to this caller: it needs " + rule.describe() + ".");
        error.put("path", List.copyOf(path));
        error.put("extensions", Map.of("code", code));
        return error;
    }
}
