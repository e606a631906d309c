package org.throughline.gateway.supergraph;

import graphql.language.Field;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which fields a client can select where no subgraph can answer them: the supergraph's query graph (nodes: a type
 * in a subgraph; edges: the fields a subgraph resolves, every resolvable key another subgraph can be given, and
 * {@code @interfaceObject} entries) walked from every subgraph's root types. Wherever an object type is reached in
 * a subgraph, each of its API fields must be resolvable there or in a subgraph a chain of keys leads to from there,
 * as Apollo's composition requires. A type a subgraph never returns is no error. The walk errs towards satisfiable
 * ({@code @requires} conditions are taken as met, a field named in a subgraph's {@code @provides} as resolvable
 * there), so what it reports cannot be answered for certain.
 */
public final class Satisfiability {

    private final Supergraph supergraph;
    private final GraphQLSchema schema;
    private final Set<Node> reached = new LinkedHashSet<>();
    /** The nodes reached through a field (not only through a key): where an operation's path can meet a type. */
    private final Set<Node> entered = new LinkedHashSet<>();
    private final Deque<Node> queue = new ArrayDeque<>();

    private record Node(String type, String graph) {
    }

    private Satisfiability(Supergraph supergraph) {
        this.supergraph = supergraph;
        this.schema = supergraph.schema();
    }

    /**
     * The API's fields that some operation can select where they cannot be answered, each as {@code Type.field
     * (from subgraph)}, sorted; empty for a satisfiable supergraph.
     */
    public static List<String> unsatisfiableFields(Supergraph supergraph) {
        return new Satisfiability(supergraph).unsatisfiable();
    }

    private List<String> unsatisfiable() {
        for (GraphQLObjectType root : roots()) {
            supergraph.graphsOf(root.getName()).forEach(graph -> reach(root.getName(), graph));
        }
        while (!queue.isEmpty()) {
            visit(queue.poll());
        }
        Map<String, Set<String>> valueTypeGraphs = new HashMap<>();
        reached.forEach(node -> valueTypeGraphs.computeIfAbsent(node.type(), t -> new LinkedHashSet<>()).add(node.graph()));
        Set<String> unsatisfiable = new TreeSet<>();
        GraphQLSchema api = supergraph.apiSchema();
        Set<String> rootNames = new LinkedHashSet<>();
        roots().forEach(root -> rootNames.add(root.getName()));
        for (Node node : entered) {
            // A root field is fetched from whichever subgraph resolves it: the root type is in all of them at once.
            if (rootNames.contains(node.type()) || !(api.getType(node.type()) instanceof GraphQLObjectType object)
                    || !supergraph.graphsOf(node.type()).contains(node.graph())) {
                continue;
            }
            // A value type (no keys) is fetched again, with the fields leading to it, from another subgraph that
            // has it: taken as answerable by any subgraph where it is reached.
            Set<String> answering = isValueType(node.type()) ? valueTypeGraphs.get(node.type()) : keyClosure(node);
            for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
                if (answering.stream().noneMatch(graph -> resolvable(graph, node.type(), field.getName()))) {
                    unsatisfiable.add(node.type() + "." + field.getName() + " (from subgraph "
                            + supergraph.subgraph(node.graph()).name() + ")");
                }
            }
        }
        return new ArrayList<>(unsatisfiable);
    }

    private boolean isValueType(String type) {
        return supergraph.graphsOf(type).stream().allMatch(graph -> supergraph.resolvableKeys(type, graph).isEmpty());
    }

    /**
     * The subgraphs an entity met at the node can be taken to: any whose key the subgraphs taken so far supply
     * together (one key after another, or a key assembled from several), the node's own first.
     */
    private Set<String> keyClosure(Node node) {
        String type = node.type();
        Set<String> graphs = new LinkedHashSet<>(List.of(node.graph()));
        boolean grown = true;
        while (grown) {
            grown = false;
            for (String other : supergraph.graphsOf(type)) {
                if (!graphs.contains(other) && supergraph.resolvableKeys(type, other).stream()
                        .anyMatch(key -> !key.interfaceObject() && suppliable(graphs, type, key))) {
                    graphs.add(other);
                    grown = true;
                }
            }
            if (schema.getType(type) instanceof GraphQLObjectType object) {
                for (var face : object.getInterfaces()) {
                    for (String other : supergraph.graphsOf(face.getName())) {
                        if (!graphs.contains(other) && supergraph.resolvableKeys(face.getName(), other).stream()
                                .anyMatch(key -> key.interfaceObject() && suppliable(graphs, type, key))) {
                            graphs.add(other);
                            grown = true;
                        }
                    }
                }
            }
        }
        return graphs;
    }

    private boolean suppliable(Set<String> graphs, String type, EntityKey key) {
        return key.selections().getSelectionsOfType(Field.class).stream()
                .allMatch(field -> graphs.stream().anyMatch(graph -> resolvable(graph, type, field.getName())));
    }

    private List<GraphQLObjectType> roots() {
        List<GraphQLObjectType> roots = new ArrayList<>();
        if (schema.getQueryType() != null) {
            roots.add(schema.getQueryType());
        }
        if (schema.getMutationType() != null) {
            roots.add(schema.getMutationType());
        }
        if (schema.getSubscriptionType() != null) {
            roots.add(schema.getSubscriptionType());
        }
        return roots;
    }

    private void reach(String type, String graph) {
        if (reached.add(new Node(type, graph))) {
            queue.add(new Node(type, graph));
        }
    }

    private void visit(Node node) {
        GraphQLType type = schema.getType(node.type());
        if (type instanceof GraphQLFieldsContainer container) {
            for (GraphQLFieldDefinition field : container.getFieldDefinitions()) {
                if (!resolvable(node.graph(), node.type(), field.getName())) {
                    continue;
                }
                GraphQLType returned = GraphQLTypeUtil.unwrapAll(field.getType());
                if (returned instanceof GraphQLFieldsContainer || returned instanceof GraphQLUnionType) {
                    enter(((GraphQLNamedType) returned).getName(), node.graph());
                }
            }
        }
        if (type instanceof GraphQLInterfaceType face && supergraph.isInterfaceObject(face.getName(), node.graph())) {
            // The subgraph holds the interface as an object: whatever implements it is answered there too.
            schema.getImplementations(face).forEach(object -> reach(object.getName(), node.graph()));
        }
        if (entered.contains(node)) {
            // Every subgraph the entity can be taken to from here, by keys: the type there, or the interface an
            // @interfaceObject subgraph holds it as.
            for (String graph : keyClosure(node)) {
                if (supergraph.graphsOf(node.type()).contains(graph)) {
                    reach(node.type(), graph);
                } else if (type instanceof GraphQLObjectType object) {
                    object.getInterfaces().stream().filter(face -> supergraph.graphsOf(face.getName()).contains(graph))
                            .forEach(face -> reach(face.getName(), graph));
                }
            }
        }
    }

    /** Reaches a composite type in a subgraph, and for an interface or union its possible types there. */
    private void enter(String type, String graph) {
        entered.add(new Node(type, graph));
        reach(type, graph);
        GraphQLType named = schema.getType(type);
        if (!(named instanceof GraphQLInterfaceType || named instanceof GraphQLUnionType)) {
            return;
        }
        for (GraphQLObjectType object : Supergraph.possibleTypes(schema, type)) {
            if (supergraph.graphsOf(object.getName()).contains(graph) && supergraph.possibleIn(graph, type, object.getName())) {
                entered.add(new Node(object.getName(), graph));
                reach(object.getName(), graph);
            }
        }
    }

    /** Whether the graph can answer the field: it resolves it, or it is external there but one of its fields provides it. */
    private boolean resolvable(String graph, String type, String field) {
        if (supergraph.resolves(graph, type, field)) {
            return true;
        }
        return supergraph.fieldJoins(type, field).stream().anyMatch(join -> join.graph().equals(graph) && join.external())
                && providedSomewhereIn(graph, field);
    }

    private boolean providedSomewhereIn(String graph, String field) {
        return supergraph.providedFields(graph).contains(field);
    }
}
