package org.throughline.gateway.execution;

import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import org.throughline.gateway.planning.NormalizedOperation;
import org.throughline.gateway.planning.NormalizedOperation.NormalizedField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the client's response from the merged subgraph data by walking the normalised operation: fields come
 * out in the order and under the names the client asked for, gateway-added keys and typenames disappear,
 * {@code @skip}/{@code @include} take effect, and a null in a non-null position nulls the nearest nullable
 * parent, as the GraphQL spec's null propagation requires.
 */
public final class ResponseShaper {

    /** Marks a null that must propagate to the parent. */
    private static final Object PROPAGATE = new Object();

    private final NormalizedOperation operation;
    private final GraphQLSchema schema;
    private final List<Map<String, Object>> errors;

    /**
     * Shapes by the operation as normalised for the request's {@code @skip}/{@code @include} values, against the API
     * schema; errors it finds are added to {@code errors}.
     */
    public ResponseShaper(NormalizedOperation operation, GraphQLSchema schema, List<Map<String, Object>> errors) {
        this.operation = operation;
        this.schema = schema;
        this.errors = errors;
    }

    /** The client's {@code data}: null when a non-null root field is null. */
    public Map<String, Object> shape(Map<String, Object> data) {
        Object shaped = object(operation.root(), operation.rootType(), data, new ArrayList<>(32));
        return shaped == PROPAGATE ? null : cast(shaped);
    }

    /** The object as the client asked for it, its runtime type known; PROPAGATE when a non-null field is null. */
    private Object object(NormalizedOperation.Selections selections, GraphQLObjectType runtime,
                          Map<String, Object> source, List<Object> path) {
        List<NormalizedField> fields = selections.fieldsOf(runtime.getName());
        int count = fields.size();
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            NormalizedField field = fields.get(i);
            String key = field.responseKey();
            if (field.definition() == null) {
                // __typename is the runtime type's name; __schema and __type were answered whole by the gateway.
                values[i] = field.name().equals("__typename") ? runtime.getName() : source.get(key);
                continue;
            }
            Object raw = source.get(key);
            path.add(key);
            Object value = complete(field.definition().getType(), field.name(), field.children(),
                    raw != null || source.containsKey(key), raw, path);
            path.remove(path.size() - 1);
            if (value == PROPAGATE) {
                return PROPAGATE;
            }
            values[i] = value;
        }
        return new ShapedObject(selections.keysOf(runtime.getName()), values);
    }

    private Object complete(GraphQLOutputType type, String fieldName, NormalizedOperation.Selections selections, boolean present, Object raw,
                            List<Object> path) {
        if (type instanceof GraphQLNonNull nonNull) {
            Object value = complete((GraphQLOutputType) nonNull.getWrappedType(), fieldName, selections, present, raw,
                    path);
            if (value == null || value == PROPAGATE) {
                // Every null in a non-null position comes with an error: the subgraph's own, one for the object or
                // entity fetch it belongs to, or this one.
                if (raw == null && !errorCovers(path)) {
                    addError("Cannot return null for non-nullable field " + fieldName
                            + (present ? "" : ": no subgraph answered it"), path);
                }
                return PROPAGATE;
            }
            return value;
        }
        if (raw == null) {
            return null;
        }
        if (type instanceof GraphQLList list) {
            if (!(raw instanceof List<?> items)) {
                return null;
            }
            int size = items.size();
            List<Object> out = new ArrayList<>(size);
            GraphQLOutputType itemType = (GraphQLOutputType) list.getWrappedType();
            for (int i = 0; i < size; i++) {
                path.add(i);
                Object item = complete(itemType, fieldName, selections, true, items.get(i), path);
                path.remove(path.size() - 1);
                if (item == PROPAGATE) {
                    return null;
                }
                out.add(item);
            }
            return out;
        }
        if (type instanceof GraphQLEnumType enumeration && !(raw instanceof String value
                && enumeration.getValue(value) != null)) {
            // A value the API does not have (@inaccessible, or one only a subgraph knows) never reaches a client.
            addError("Cannot return " + (raw instanceof String ? "the value " + raw + ", which is not part of the API,"
                    : "a value that is not an enum value") + " for the field " + fieldName + " of enum "
                    + enumeration.getName(), path);
            return null;
        }
        if (type instanceof GraphQLCompositeType composite) {
            if (!(raw instanceof Map<?, ?> object)) {
                return null;
            }
            GraphQLObjectType runtime = runtimeType(composite, cast(object));
            if (runtime == null) {
                addError("Cannot resolve the type of the " + composite.getName() + " the field " + fieldName
                        + " returns: " + (object.get("__typename") == null ? "no subgraph named it"
                        : object.get("__typename") + " is not one of its types"), path);
                return null;
            }
            Object shaped = object(selections, runtime, cast(object), path);
            return shaped == PROPAGATE ? null : shaped;
        }
        return raw;
    }

    private GraphQLObjectType runtimeType(GraphQLCompositeType type, Map<String, Object> source) {
        if (type instanceof GraphQLObjectType object) {
            return object;
        }
        GraphQLType named = source.get("__typename") instanceof String name ? schema.getType(name) : null;
        return named instanceof GraphQLObjectType object ? object : null;
    }

    /**
     * Whether an error already accounts for a null at {@code path}: one at the path itself, at a parent (whose
     * fetch failed as a whole), or at a sibling field (a failed entity fetch is reported once per object, at the
     * first field it would have filled).
     */
    private boolean errorCovers(List<Object> path) {
        List<Object> parent = path.subList(0, path.size() - 1);
        List<Object> names = fieldNames(path);
        return errors.stream().anyMatch(error -> error.get("path") instanceof List<?> at
                && (isPrefix(at, path) || (at.size() == path.size() && isPrefix(parent, at))
                // A field refused to the caller is reported once, at its path without list indices.
                || (at.stream().noneMatch(Integer.class::isInstance) && isPrefix(at, names))));
    }

    private static List<Object> fieldNames(List<Object> path) {
        return path.stream().filter(step -> !(step instanceof Integer)).toList();
    }

    private static boolean isPrefix(List<?> prefix, List<?> path) {
        return prefix.size() <= path.size() && prefix.equals(path.subList(0, prefix.size()));
    }

    private void addError(String message, List<Object> path) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("path", List.copyOf(path));
        errors.add(error);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
