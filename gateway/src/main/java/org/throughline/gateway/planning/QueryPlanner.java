package org.throughline.gateway.planning;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.AstPrinter;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.InlineFragment;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import org.throughline.gateway.supergraph.EntityKey;
import org.throughline.gateway.supergraph.FieldJoin;
import org.throughline.gateway.supergraph.Supergraph;
import org.throughline.gateway.supergraph.SupergraphReader;
import org.throughline.gateway.planning.NormalizedOperation.NormalizedField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a validated operation into a {@link QueryPlan} over a {@link Supergraph}. Each selection is planned in the
 * subgraph that fetched its parent while that subgraph can resolve it; where it cannot, the planner adds the
 * parent's key to the parent fetch and starts an {@code _entities} fetch in a subgraph that can, at that path of
 * the response. Root query fields are fetched in parallel per subgraph; root mutation fields one after the other,
 * in document order; a subscription's one root field subscribes in its subgraph, the entity fetches following
 * for each event.
 */
public final class QueryPlanner {

    private static final Field TYPENAME = Field.newField("__typename").build();

    private final Supergraph supergraph;
    private final GraphQLSchema schema;

    public QueryPlanner(Supergraph supergraph) {
        this.supergraph = supergraph;
        this.schema = supergraph.apiSchema();
    }

    /** Plans the named operation of the document (or its only operation). Introspection fields are left out. */
    public QueryPlan plan(Document document, String operationName) {
        return plan(document, operationName, null);
    }

    /**
     * Plans the operation for given values of the variables its {@code @skip} and {@code @include} conditions
     * use, so that what is skipped costs no fetch; with null, every conditional selection is planned.
     */
    public QueryPlan plan(Document document, String operationName, Map<String, Object> conditions) {
        return plan(NormalizedOperation.of(schema, document, operationName, conditions));
    }

    /** Plans an operation normalised against this planner's API schema. */
    public QueryPlan plan(NormalizedOperation operation) {
        return plan(operation, () -> { });
    }

    /**
     * Plans an operation normalised against this planner's API schema, running {@code checkpoint} every few hundred
     * fields planned: it may throw to stop planning for a request that has run out of time.
     */
    public QueryPlan plan(NormalizedOperation operation, Runnable checkpoint) {
        return new Planning(operation, checkpoint).plan();
    }

    public Supergraph supergraph() {
        return supergraph;
    }

    /** The variables that {@code @skip} and {@code @include} conditions of the document depend on. */
    public static Set<String> conditionVariables(Document document) {
        Set<String> names = new java.util.TreeSet<>();
        new graphql.language.NodeTraverser().depthFirst(new graphql.language.NodeVisitorStub() {
            @Override
            public graphql.util.TraversalControl visitDirective(Directive node,
                                                                graphql.util.TraverserContext<graphql.language.Node> context) {
                if ((node.getName().equals("skip") || node.getName().equals("include"))
                        && node.getArgument("if") != null && node.getArgument("if").getValue() instanceof VariableReference reference) {
                    names.add(reference.getName());
                }
                return graphql.util.TraversalControl.CONTINUE;
            }
        }, document);
        return names;
    }

    public static OperationDefinition operation(Document document, String operationName) {
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (operationName == null || operationName.isEmpty()) {
            if (operations.size() != 1) {
                throw new PlanningException("the document has " + operations.size()
                        + " operations: name the one to run with operationName");
            }
            return operations.get(0);
        }
        return operations.stream().filter(op -> operationName.equals(op.getName())).findFirst()
                .orElseThrow(() -> new PlanningException("the document has no operation named " + operationName));
    }

    /** The state of planning one operation. */
    private final class Planning {
        private final NormalizedOperation operation;
        /** Collects the fields of the supergraph's field sets ({@code @provides}), which have no fragments. */
        private final FieldCollector fieldSets = new FieldCollector(supergraph.schema(), Map.of(), null);
        private final Map<String, VariableDefinition> variableDefinitions;
        /** The entity fetches that received fields since it was last cleared: who supplies a @requires. */
        private final Set<Group> touched = new LinkedHashSet<>();
        /** The client's fields at the level each selection plans: what a required field must not collide with. */
        private final Map<Selection, List<NormalizedField>> clientFields = new java.util.IdentityHashMap<>();
        private int fetchCount;
        /** The root fetches; during a trial of {@link #trialCost}, the trial's own. */
        private List<Group> roots = new ArrayList<>();
        /**
         * The fields from the root to the field being planned, each with the object type it was selected on, and
         * the places along them where a fetch from another subgraph can start (the root, and every entity): where
         * a field the current subgraph cannot resolve under a value type is fetched from, with the fields leading
         * to it.
         */
        private final List<Step> trail = new ArrayList<>();
        private final java.util.Deque<Anchor> anchors = new java.util.ArrayDeque<>();

        private final Runnable checkpoint;
        private int fieldsPlanned;

        Planning(NormalizedOperation operation, Runnable checkpoint) {
            this.operation = operation;
            this.variableDefinitions = operation.variables();
            this.checkpoint = checkpoint;
        }

        QueryPlan plan() {
            boolean mutation = operation.kind() == OperationDefinition.Operation.MUTATION;
            GraphQLObjectType root = operation.rootType();
            List<Group> groups = roots;
            anchors.push(new Anchor(null, null, root, List.of(), 0));
            for (NormalizedField field : operation.root().fieldsOf(root.getName())) {
                if (field.name().startsWith("__")) {
                    continue;
                }
                List<String> graphs = supergraph.graphsResolving(root.getName(), field.name());
                if (graphs.isEmpty()) {
                    throw new PlanningException("no subgraph resolves " + root.getName() + "." + field.name());
                }
                // Mutations run in document order: only consecutive fields of one subgraph share a fetch.
                List<Group> joinable = mutation ? groups.subList(Math.max(0, groups.size() - 1), groups.size()) : groups;
                String graph = cheapest(root, field, graphs, joinable);
                Group group = joinable.stream().filter(g -> g.graph.equals(graph)).findFirst().orElse(null);
                if (group == null) {
                    group = new Group(null, graph);
                    groups.add(group);
                }
                addField(group, group.selection, root, field, List.of(), null);
            }
            if (operation.kind() == OperationDefinition.Operation.SUBSCRIPTION) {
                return subscription(groups);
            }
            List<PlanNode> nodes = groups.stream().map(this::node).toList();
            PlanNode rootNode = nodes.size() == 1 ? nodes.get(0)
                    : mutation ? new PlanNode.Sequence(nodes) : new PlanNode.Parallel(nodes);
            return new QueryPlan(operation.kind().name().toLowerCase(), rootNode);
        }

        /**
         * A subscription's plan: its one root field subscribes in the subgraph that owns it, and what other
         * subgraphs add to each event are the entity fetches that would follow that fetch in a query.
         */
        private QueryPlan subscription(List<Group> groups) {
            if (groups.size() != 1) {
                throw new PlanningException("a subscription selects exactly one root field, not "
                        + operation.root().fieldsOf(operation.rootType().getName()).size());
            }
            Group group = groups.get(0);
            PlanNode.Fetch primary = fetch(group);
            List<PlanNode> stages = stages(group.children);
            PlanNode rest = stages.isEmpty() ? null : stages.size() == 1 ? stages.get(0) : new PlanNode.Sequence(stages);
            return new QueryPlan("subscription", new PlanNode.Subscription(primary, rest));
        }

        /**
         * Plans one field of {@code parent} into {@code group}, or into an entity fetch where the group's subgraph
         * cannot resolve it. {@code provided} is what an enclosing {@code @provides} lets the group's subgraph
         * return at this level although it does not own it (null for nothing).
         */
        private void addField(Group group, Selection selection, GraphQLObjectType parent, NormalizedField field,
                              List<String> path, SelectionSet provided) {
            // Trials of routes plan fields again; every one of them counts.
            if (++fieldsPlanned % 256 == 0) {
                checkpoint.run();
            }
            if (field.name().equals("__typename")) {
                selection.field(field.field());
                return;
            }
            GraphQLFieldDefinition definition = field.definition();
            Field providedHere = providedField(provided, parent, field.name());
            Optional<FieldJoin> join = supergraph.fieldJoin(parent.getName(), field.name(), group.graph);
            boolean needsRequires = join.map(FieldJoin::requires).isPresent();
            if (providedHere != null || (supergraph.resolves(group.graph, parent.getName(), field.name()) && !needsRequires)) {
                SelectionSet childProvided = providedHere != null ? providedHere.getSelectionSet()
                        : join.map(FieldJoin::provides).map(SupergraphReader::parseFieldSet).orElse(null);
                planHere(group, selection, parent, definition, field, path, childProvided);
                return;
            }
            List<NormalizedField> siblings = clientFields.getOrDefault(selection, List.of());
            Hop hop = cheapestRoute(group.graph, group.children, parent.getName(), field.name(), siblings);
            if (hop == null) {
                if (planWithAssembledKey(group, selection, parent, field, path) || planFromAnchor(group, parent, field)) {
                    return;
                }
                throw new PlanningException("field " + parent.getName() + "." + field.name()
                        + " cannot be reached from subgraph " + supergraph.subgraph(group.graph).name()
                        + ": no chain of keys leads from it to a subgraph that resolves the field");
            }
            if (!supergraph.resolves(hop.graph, parent.getName(), field.name())) {
                // The cheapest route passes through another subgraph first: enter it, and plan the field from there.
                Group intermediate = group.child(hop.graph);
                EntityPart through = enter(group, selection, parent, path, hop, intermediate);
                // What the intermediate fetch adds lands in the same objects as the client's fields here.
                clientFields.putIfAbsent(through.selection, siblings);
                addField(intermediate, through.selection, parent, field, path, null);
                return;
            }
            Optional<FieldJoin> target = supergraph.fieldJoin(parent.getName(), field.name(), hop.graph);
            // What the field requires is planned first: the fetch it goes into must run after those supplying it.
            Required required = target.map(FieldJoin::requires)
                    .map(requires -> planRequired(group, selection, parent, path, requires)).orElse(null);
            Group child = required == null ? group.child(hop.graph) : childAfter(group, hop.graph, required.suppliers());
            EntityPart part = enter(group, selection, parent, path, hop, child);
            if (required != null) {
                await(child, part, required);
            }
            // The entity fetch carries what the field requires, so the target resolves it here, whatever it requires.
            planHere(child, part.selection, parent, definition, field, path,
                    target.map(FieldJoin::provides).map(SupergraphReader::parseFieldSet).orElse(null));
        }

        /**
         * Makes the group select the typename and the hop's key of the objects at {@code path}, and {@code child}
         * an entity fetch of them: returns what the child selects and sends for the hop's entity type.
         */
        private EntityPart enter(Group group, Selection selection, GraphQLObjectType parent, List<String> path, Hop hop,
                                 Group child) {
            selection.field(TYPENAME);
            SelectionSet keyAsSelected = apartFromClientFields(hop.key.selections(),
                    clientFields.getOrDefault(selection, List.of()));
            selection.addAll(keyAsSelected);
            Entry entry = child.entry(path);
            EntityPart part = entry.part(hop.entityType, keyAsSelected);
            if (!hop.entityType.equals(parent.getName())) {
                entry.interfaceObjects.put(parent.getName(), hop.entityType);
            }
            touched.add(child);
            return part;
        }

        /** Selects the field in the group's own fetch and plans its sub-selection from there. */
        private void planHere(Group group, Selection selection, GraphQLObjectType parent, GraphQLFieldDefinition definition,
                              NormalizedField field, List<String> path, SelectionSet provided) {
            FieldSelection selected = selection.field(field.field(), field.children() != null);
            GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
            if (type instanceof GraphQLCompositeType composite) {
                List<String> childPath = new ArrayList<>(path);
                childPath.add(field.responseKey());
                addListMarkers(definition.getType(), childPath);
                trail.add(new Step(field, parent));
                planSelectionSet(group, selected.children, composite, field.children(), childPath, provided);
                trail.remove(trail.size() - 1);
            }
        }

        /**
         * Plans the fields a {@code @requires} (or a key to be assembled) needs as if the client had asked for them,
         * in the group's fetch or in entity fetches after it: returns them as selected, and the group's children
         * whose fetches supply them.
         */
        private Required planRequired(Group group, Selection selection, GraphQLObjectType parent, List<String> path,
                                      String requires) {
            SelectionSet required = apartFromClientFields(SupergraphReader.parseFieldSet(requires),
                    clientFields.getOrDefault(selection, List.of()));
            // Required fields may themselves require others: keep what enclosing requirements have gathered.
            Set<Group> enclosing = new LinkedHashSet<>(touched);
            touched.clear();
            GraphQLObjectType fullParent = (GraphQLObjectType) supergraph.schema().getType(parent.getName());
            for (NormalizedField field : NormalizedOperation.fieldSet(supergraph.schema(), required, fullParent)
                    .fieldsOf(parent.getName())) {
                addField(group, selection, parent, field, path, null);
            }
            Set<Group> suppliers = new LinkedHashSet<>();
            for (Group supplier : touched) {
                Group sibling = supplier;
                while (sibling != null && sibling.parent != group) {
                    sibling = sibling.parent;
                }
                if (sibling != null) {
                    suppliers.add(sibling);
                }
            }
            touched.addAll(enclosing);
            return new Required(required, suppliers);
        }

        /**
         * The group's entity fetch into {@code graph} that may wait for {@code suppliers}: an existing one, unless it
         * is a supplier itself or one they wait for (the two would wait on each other), else a new one.
         */
        private Group childAfter(Group group, String graph, Set<Group> suppliers) {
            Set<Group> before = new LinkedHashSet<>();
            java.util.ArrayDeque<Group> pending = new java.util.ArrayDeque<>(suppliers);
            while (!pending.isEmpty()) {
                Group supplier = pending.poll();
                if (before.add(supplier)) {
                    pending.addAll(supplier.dependsOn);
                }
            }
            for (Group child : group.children) {
                if (child.graph.equals(graph) && !before.contains(child)) {
                    return child;
                }
            }
            Group child = new Group(group, graph);
            group.children.add(child);
            return child;
        }

        /** Makes the child wait for the suppliers of what its representations carry, and carry it. */
        private void await(Group child, EntityPart part, Required required) {
            required.suppliers().stream().filter(supplier -> supplier != child).forEach(child.dependsOn::add);
            part.representation.addAll(required.fields());
        }

        /**
         * Fields the gateway adds (key fields, required fields) as they are to be selected: one whose response key
         * a client field at the same level uses for something else (another field, as with {@code upc: name}, or
         * other arguments, as {@code length(unit: INCH)} beside the client's {@code length}), wherever that client
         * field stands in the operation, is fetched under the alias {@code __gw_<name>}; the representation still
         * sends it by its name.
         */
        private SelectionSet apartFromClientFields(SelectionSet gatewayFields, List<NormalizedField> client) {
            SelectionSet.Builder out = SelectionSet.newSelectionSet();
            for (Field field : gatewayFields.getSelectionsOfType(Field.class)) {
                boolean clash = client.stream().anyMatch(c -> c.responseKey().equals(field.getName()) && clashes(field, c));
                out.selection(clash ? field.transform(b -> b.alias("__gw_" + field.getName())) : field);
            }
            return out.build();
        }

        /** Whether two fields under one response key cannot share it: other names or arguments, here or below. */
        private boolean clashes(Field required, NormalizedField client) {
            if (!bare(required).equals(bare(client.field()))) {
                return true;
            }
            if (required.getSelectionSet() == null || client.children() == null) {
                return false;
            }
            List<NormalizedField> below = client.children().all();
            return required.getSelectionSet().getSelectionsOfType(Field.class).stream().anyMatch(r -> below.stream()
                    .anyMatch(c -> c.responseKey().equals(responseKey(r)) && clashes(r, c)));
        }

        /** A field's name and arguments, printed: what two selections under one response key must agree on. */
        private static String bare(Field field) {
            return AstPrinter.printAstCompact(field.transform(b -> b.alias(null).selectionSet(null).directives(List.of())));
        }

        private Field providedField(SelectionSet provided, GraphQLObjectType type, String name) {
            if (provided == null) {
                return null;
            }
            return fieldSets.collect(provided, type).stream().filter(field -> field.getName().equals(name))
                    .findFirst().orElse(null);
        }

        private void planSelectionSet(Group group, Selection selection, GraphQLCompositeType type,
                                      NormalizedOperation.Selections set, List<String> path, SelectionSet provided) {
            if (type instanceof GraphQLObjectType object) {
                planObject(group, selection, object, set.fieldsOf(object.getName()), path, provided);
                return;
            }
            if (supergraph.isInterfaceObject(type.getName(), group.graph)) {
                planInterfaceObject(group, selection, type.getName(), set, path);
                return;
            }
            // An abstract type: plan each possible object type the subgraph knows, behind a type condition.
            selection.field(TYPENAME);
            // Those clients cannot see included: a field set of the supergraph (@requires) may select through them.
            for (GraphQLObjectType possible : Supergraph.possibleTypes(supergraph.schema(), type.getName())) {
                // The subgraph must know the type as one of this interface's or union's there, or the condition
                // would make its query invalid (it may know the type without it implementing the interface).
                if (!supergraph.graphsOf(possible.getName()).contains(group.graph)
                        || !supergraph.possibleIn(group.graph, type.getName(), possible.getName())) {
                    continue;
                }
                List<NormalizedField> typeFields = set.fieldsOf(possible.getName());
                if (typeFields.stream().allMatch(f -> f.name().equals("__typename"))) {
                    continue;
                }
                planObject(group, selection.typed(possible.getName()), possible, typeFields, path, provided);
            }
        }

        /**
         * An interface the group's subgraph holds as an {@code @interfaceObject}: it returns the interface's name as
         * the typename. It answers the interface fields it resolves; an entity fetch to a subgraph that has the
         * interface as an entity, by its key, answers the concrete typename and the implementations' fields, and
         * fetches from there complete the rest.
         */
        private void planInterfaceObject(Group group, Selection selection, String face, NormalizedOperation.Selections set,
                                         List<String> path) {
            selection.field(TYPENAME);
            clientFields.put(selection, set.all());
            Set<String> answeredHere = new LinkedHashSet<>();
            for (String possible : set.types()) {
                GraphQLObjectType object = supergraph.schema().getObjectType(possible);
                for (NormalizedField field : set.fieldsOf(possible)) {
                    if (!field.name().equals("__typename") && supergraph.resolves(group.graph, possible, field.name())
                            && supergraph.fieldJoin(possible, field.name(), group.graph).map(FieldJoin::requires).isEmpty()) {
                        planHere(group, selection, object, field.definition(), field, path, null);
                        answeredHere.add(possible + "." + field.responseKey());
                    }
                }
            }
            Hop hop = null;
            for (String graph : supergraph.graphsOf(face)) {
                if (graph.equals(group.graph)) {
                    continue;
                }
                Optional<EntityKey> key = supergraph.resolvableKeys(face, graph).stream()
                        .filter(candidate -> !candidate.interfaceObject())
                        .filter(candidate -> providable(group.graph, face, candidate.selections())).findFirst();
                if (key.isPresent()) {
                    hop = new Hop(graph, key.get(), face);
                    break;
                }
            }
            if (hop == null) {
                throw new PlanningException("the objects of " + face + " that subgraph "
                        + supergraph.subgraph(group.graph).name() + " returns cannot be resolved to their types: no"
                        + " subgraph has " + face + " as an entity interface with a key it can supply");
            }
            selection.addAll(apartFromClientFields(hop.key.selections(), clientFields.getOrDefault(selection, List.of())));
            Group child = group.child(hop.graph);
            EntityPart part = child.entry(path).part(face,
                    apartFromClientFields(hop.key.selections(), clientFields.getOrDefault(selection, List.of())));
            touched.add(child);
            part.selection.field(TYPENAME);
            for (String possible : set.types()) {
                if (!supergraph.graphsOf(possible).contains(hop.graph) || !supergraph.possibleIn(hop.graph, face, possible)) {
                    continue;
                }
                List<NormalizedField> rest = set.fieldsOf(possible).stream()
                        .filter(field -> !field.name().equals("__typename")
                                && !answeredHere.contains(possible + "." + field.responseKey()))
                        .toList();
                if (!rest.isEmpty()) {
                    planObject(child, part.selection.typed(possible), supergraph.schema().getObjectType(possible), rest,
                            path, null);
                }
            }
        }

        /** Plans the fields selected on objects of one type; an entity is a place other fetches can start from. */
        private void planObject(Group group, Selection selection, GraphQLObjectType object, List<NormalizedField> fields,
                                List<String> path, SelectionSet provided) {
            clientFields.put(selection, fields);
            boolean entity = supergraph.graphsOf(object.getName()).stream()
                    .anyMatch(graph -> !supergraph.resolvableKeys(object.getName(), graph).isEmpty());
            if (entity) {
                anchors.push(new Anchor(group, selection, object, List.copyOf(path), trail.size()));
            }
            try {
                for (NormalizedField field : fields) {
                    addField(group, selection, object, field, path, provided);
                }
            } finally {
                if (entity) {
                    anchors.pop();
                }
            }
        }

        /**
         * For a field behind a key that no single subgraph on the way can supply whole: a subgraph that resolves the
         * field, by a key whose fields the group's subgraph or others it can reach supply together. They are
         * fetched into the objects first, as required fields are, and the representation is assembled from them.
         * False when no key can be assembled so.
         */
        private boolean planWithAssembledKey(Group group, Selection selection, GraphQLObjectType parent,
                                             NormalizedField field, List<String> path) {
            String type = parent.getName();
            for (String graph : supergraph.graphsResolving(type, field.name())) {
                if (graph.equals(group.graph)) {
                    continue;
                }
                for (EntityKey key : supergraph.resolvableKeys(type, graph)) {
                    boolean assembled = !key.interfaceObject() && key.selections().getSelectionsOfType(Field.class)
                            .stream().map(Field::getName).allMatch(name -> supergraph.resolves(group.graph, type, name)
                                    || cheapestRoute(group.graph, List.of(), type, name, List.of()) != null);
                    if (!assembled) {
                        continue;
                    }
                    selection.field(TYPENAME);
                    Required keyFields = planRequired(group, selection, parent, path, key.fields());
                    Optional<FieldJoin> target = supergraph.fieldJoin(type, field.name(), graph);
                    Required required = target.map(FieldJoin::requires)
                            .map(requires -> planRequired(group, selection, parent, path, requires)).orElse(null);
                    Set<Group> suppliers = new LinkedHashSet<>(keyFields.suppliers());
                    if (required != null) {
                        suppliers.addAll(required.suppliers());
                    }
                    Group child = childAfter(group, graph, suppliers);
                    EntityPart part = child.entry(path).part(type, SelectionSet.newSelectionSet().build());
                    touched.add(child);
                    await(child, part, keyFields);
                    if (required != null) {
                        await(child, part, required);
                    }
                    planHere(child, part.selection, parent, field.definition(), field, path,
                            target.map(FieldJoin::provides).map(SupergraphReader::parseFieldSet).orElse(null));
                    return true;
                }
            }
            return false;
        }

        /**
         * For a field the group's subgraph cannot resolve on a type without keys (a value type): fetches it, with
         * the fields that lead to it, from another subgraph that resolves them all, starting at the nearest place
         * where such a fetch can start: an enclosing entity, by its key, or the root, as one more root fetch (a
         * shareable root field split across subgraphs; never for a mutation, which must run once, nor for a
         * subscription, whose events come from one subgraph's stream). False when
         * there is no such subgraph.
         */
        private boolean planFromAnchor(Group group, GraphQLObjectType parent, NormalizedField field) {
            for (Anchor anchor : anchors) {
                if (anchor.depth() == trail.size()) {
                    continue;
                }
                List<Step> chain = trail.subList(anchor.depth(), trail.size());
                NormalizedField nested = nest(chain, parent, field);
                String first = chain.get(0).field().name();
                if (anchor.group() == null) {
                    if (operation.kind() != OperationDefinition.Operation.QUERY) {
                        return false;
                    }
                    for (String graph : supergraph.graphsResolving(anchor.type().getName(), first)) {
                        if (!graph.equals(group.graph) && resolvesChain(graph, chain, parent, field)) {
                            Group root = roots.stream().filter(g -> g.graph.equals(graph)).findFirst().orElse(null);
                            if (root == null) {
                                root = new Group(null, graph);
                                roots.add(root);
                            }
                            addField(root, root.selection, anchor.type(), nested, List.of(), null);
                            return true;
                        }
                    }
                    continue;
                }
                for (Hop hop : keyEdges(anchor.group().graph, null, anchor.type().getName())) {
                    if (!hop.graph.equals(group.graph) && hop.entityType.equals(anchor.type().getName())
                            && resolvesChain(hop.graph, chain, parent, field)) {
                        Group child = anchor.group().child(hop.graph);
                        EntityPart part = enter(anchor.group(), anchor.selection(), anchor.type(), anchor.path(), hop,
                                child);
                        clientFields.putIfAbsent(part.selection, clientFields.getOrDefault(anchor.selection(), List.of()));
                        addField(child, part.selection, anchor.type(), nested, anchor.path(), null);
                        return true;
                    }
                }
            }
            return false;
        }

        /** Whether the graph resolves every field of the chain and then the field on {@code parent}. */
        private boolean resolvesChain(String graph, List<Step> chain, GraphQLObjectType parent, NormalizedField field) {
            return chain.stream().allMatch(step -> supergraph.resolves(graph, step.parent().getName(), step.field().name())
                    && supergraph.fieldJoin(step.parent().getName(), step.field().name(), graph)
                    .map(FieldJoin::requires).isEmpty())
                    && supergraph.resolves(graph, parent.getName(), field.name());
        }

        /** The chain's first field, selecting only the chain's next field, and so on down to {@code field}. */
        private NormalizedField nest(List<Step> chain, GraphQLObjectType parent, NormalizedField field) {
            NormalizedField inner = field;
            String innerParent = parent.getName();
            for (int i = chain.size() - 1; i >= 0; i--) {
                Step step = chain.get(i);
                inner = new NormalizedField(step.field().responseKey(), step.field().field(), step.field().definition(),
                        new NormalizedOperation.Selections(Map.of(innerParent, List.of(inner))));
                innerParent = step.parent().getName();
            }
            return inner;
        }

        /**
         * For a root field several subgraphs can resolve (shareable): the one whose plan for it needs the fewest
         * fetches (one fewer for a subgraph this operation already fetches from), then the fewest fetches one after
         * the other, then supergraph order. Each candidate is planned in full, as a trial.
         */
        private String cheapest(GraphQLObjectType root, NormalizedField field, List<String> graphs, List<Group> existing) {
            if (graphs.size() == 1) {
                return graphs.get(0);
            }
            String best = null;
            long bestCost = Long.MAX_VALUE;
            for (String graph : graphs) {
                long cost = trialCost(root, field, graph);
                boolean joins = existing.stream().anyMatch(group -> group.graph.equals(graph));
                long weighted = joins ? cost - DEPTHS : cost;
                if (cost != Long.MAX_VALUE && weighted < bestCost) {
                    best = graph;
                    bestCost = weighted;
                }
            }
            if (best == null) {
                throw new PlanningException("no subgraph can plan " + root.getName() + "." + field.name());
            }
            return best;
        }

        /** Weighs fetches above depth in a trial's cost: no plan is this deep. */
        private static final long DEPTHS = 1_000;

        /**
         * What the field costs when its root fetch goes to the graph: its fetches, weighed by {@link #DEPTHS}, plus
         * the longest chain of fetches one after the other; MAX_VALUE if it cannot be planned so.
         */
        private long trialCost(GraphQLObjectType root, NormalizedField field, String graph) {
            Group trial = new Group(null, graph);
            List<Group> planned = roots;
            roots = new ArrayList<>(List.of(trial));
            try {
                addField(trial, trial.selection, root, field, List.of(), null);
                return roots.stream().mapToInt(this::size).sum() * DEPTHS
                        + roots.stream().mapToInt(this::depth).max().orElse(0);
            } catch (PlanningException e) {
                return Long.MAX_VALUE;
            } finally {
                roots = planned;
            }
        }

        /** How many fetches run one after the other from the group on, at the most. */
        private int depth(Group group) {
            return 1 + group.children.stream().mapToInt(this::depth).max().orElse(0);
        }

        private int size(Group group) {
            return 1 + group.children.stream().mapToInt(this::size).sum();
        }

        /**
         * The first hop of the cheapest route through the query graph from subgraph {@code from} to one that
         * resolves the field. The nodes are the type in a subgraph; an edge leads wherever a subgraph has a
         * resolvable key of the type (or of an interface it holds as an {@code @interfaceObject}) that the current
         * one can supply. Cheapest is the fewest new fetches (a first hop into a subgraph among {@code existing},
         * the entity fetches already planned from here, costs none), then the fewest hops, then, for the first
         * hop, the subgraph that also resolves most of the client's other fields here ({@code siblings}) that
         * {@code from} cannot. A field {@code from} resolves itself but only with required fields goes through
         * {@code from} again. Null when no route exists.
         */
        private Hop cheapestRoute(String from, List<Group> existing, String type, String field,
                                  List<NormalizedField> siblings) {
            Map<String, Route> best = new LinkedHashMap<>();
            java.util.PriorityQueue<Route> queue = new java.util.PriorityQueue<>();
            if (supergraph.resolves(from, type, field)) {
                for (Hop self : keyEdges(from, from, type)) {
                    queue.add(new Route(self.graph, self, existing.stream().anyMatch(g -> g.graph.equals(from)) ? 0 : 1,
                            1, 0));
                }
            }
            for (Hop hop : keyEdges(from, null, type)) {
                long shared = siblings.stream().map(NormalizedField::name).distinct()
                        .filter(name -> !supergraph.resolves(from, type, name) && supergraph.resolves(hop.graph, type, name))
                        .count();
                boolean fetching = existing.stream().anyMatch(g -> g.graph.equals(hop.graph));
                queue.add(new Route(hop.graph, hop, fetching ? 0 : 1, 1, -shared));
            }
            while (!queue.isEmpty()) {
                Route route = queue.poll();
                if (best.containsKey(route.graph())) {
                    continue;
                }
                best.put(route.graph(), route);
                if (supergraph.resolves(route.graph(), type, field)) {
                    return route.first();
                }
                for (Hop hop : keyEdges(route.graph(), null, type)) {
                    if (!best.containsKey(hop.graph) && !hop.graph.equals(from)) {
                        queue.add(new Route(hop.graph, route.first(), route.fetches() + 1, route.hops() + 1,
                                route.shared()));
                    }
                }
            }
            return null;
        }

        /**
         * The edges of the query graph out of the type in {@code from}: to every other subgraph (or only to
         * {@code only}, when given) with a resolvable key of the type {@code from} can supply, the first such key,
         * or one of an interface of the type that subgraph holds as an {@code @interfaceObject}.
         */
        private List<Hop> keyEdges(String from, String only, String type) {
            List<Hop> edges = new ArrayList<>();
            for (String graph : only != null ? List.of(only) : supergraph.graphsOf(type)) {
                if (graph.equals(from) && only == null) {
                    continue;
                }
                supergraph.resolvableKeys(type, graph).stream()
                        .filter(candidate -> !candidate.interfaceObject())
                        .filter(candidate -> providable(from, type, candidate.selections())).findFirst()
                        .ifPresent(key -> edges.add(new Hop(graph, key, type)));
            }
            if (only == null && schema.getType(type) instanceof GraphQLObjectType object) {
                for (graphql.schema.GraphQLNamedOutputType face : object.getInterfaces()) {
                    for (String graph : supergraph.graphsOf(face.getName())) {
                        if (graph.equals(from) || supergraph.graphsOf(type).contains(graph)) {
                            continue;
                        }
                        supergraph.resolvableKeys(face.getName(), graph).stream()
                                .filter(EntityKey::interfaceObject)
                                .filter(candidate -> providable(from, type, candidate.selections())).findFirst()
                                .ifPresent(key -> edges.add(new Hop(graph, key, face.getName())));
                    }
                }
            }
            return edges;
        }

        /**
         * Whether the graph can supply every field of the key itself: a field it only declares {@code @external}
         * is not its to give.
         */
        private boolean providable(String graph, String type, SelectionSet key) {
            return key.getSelectionsOfType(Field.class).stream()
                    .allMatch(field -> supergraph.resolves(graph, type, field.getName()));
        }

        private PlanNode node(Group group) {
            PlanNode.Fetch fetch = fetch(group);
            PlanNode self = fetch;
            if (group.children.isEmpty()) {
                return self;
            }
            List<PlanNode> steps = new ArrayList<>();
            steps.add(self);
            steps.addAll(stages(group.children));
            return new PlanNode.Sequence(steps);
        }

        /**
         * Orders sibling fetches: those that depend on no sibling run together first, then those whose suppliers
         * have run, and so on.
         */
        private List<PlanNode> stages(List<Group> children) {
            List<PlanNode> stages = new ArrayList<>();
            Set<Group> done = new LinkedHashSet<>();
            List<Group> remaining = new ArrayList<>(children);
            while (!remaining.isEmpty()) {
                List<Group> ready = remaining.stream().filter(child -> done.containsAll(child.dependsOn)).toList();
                if (ready.isEmpty()) {
                    throw new PlanningException("the @requires of these fetches wait on each other: "
                            + remaining.stream().map(g -> g.graph + " " + g.entries.keySet()).toList());
                }
                List<PlanNode> nodes = ready.stream().map(this::node).toList();
                stages.add(nodes.size() == 1 ? nodes.get(0) : new PlanNode.Parallel(nodes));
                done.addAll(ready);
                remaining.removeAll(ready);
            }
            return stages;
        }

        private PlanNode.Fetch fetch(Group group) {
            Map<String, String> renames = new LinkedHashMap<>();
            if (group.entries.isEmpty()) {
                separateConflicts(group.graph, group.selection, renames);
            } else {
                group.entries.values().forEach(entry -> {
                    Map<String, Selection> parts = new LinkedHashMap<>();
                    entry.parts.forEach((type, part) -> parts.put(type, part.selection));
                    separateConflicts(group.graph, parts, renames);
                    parts.values().forEach(selection -> separateConflicts(group.graph, selection, renames));
                });
            }
            SelectionSet selections;
            List<VariableDefinition> definitions = new ArrayList<>();
            List<PlanNode.EntityBatch> batches = new ArrayList<>();
            if (group.entries.isEmpty()) {
                selections = group.selection.toAst();
            } else {
                // One _entities field per place in the response: aliased, each with its own representations.
                boolean single = group.entries.size() == 1;
                SelectionSet.Builder fields = SelectionSet.newSelectionSet();
                int index = 0;
                for (Map.Entry<List<String>, Entry> place : group.entries.entrySet()) {
                    String variable = single ? "representations" : "representations" + index;
                    String responseKey = single ? "_entities" : "_" + index;
                    index++;
                    SelectionSet.Builder typed = SelectionSet.newSelectionSet();
                    Map<String, String> representations = new LinkedHashMap<>();
                    Set<String> filled = new LinkedHashSet<>();
                    place.getValue().parts.forEach((type, part) -> {
                        SelectionSet selection = part.selection.toAst();
                        typed.selection(InlineFragment.newInlineFragment().typeCondition(new TypeName(type))
                                .selectionSet(selection).build());
                        representations.put(type, AstPrinter.printAstCompact(part.representation.toAst()));
                        filled.addAll(responseKeys(selection));
                    });
                    definitions.add(VariableDefinition.newVariableDefinition(variable,
                            new NonNullType(new ListType(new NonNullType(new TypeName("_Any"))))).build());
                    fields.selection(Field.newField("_entities").alias(single ? null : responseKey)
                            .arguments(List.of(Argument.newArgument("representations", new VariableReference(variable)).build()))
                            .selectionSet(typed.build()).build());
                    batches.add(new PlanNode.EntityBatch(place.getKey(), responseKey, variable, representations,
                            place.getValue().interfaceObjects, List.copyOf(filled)));
                }
                selections = fields.build();
            }
            Set<String> used = new LinkedHashSet<>();
            collectVariables(selections, used);
            batches.forEach(batch -> used.remove(batch.variable()));
            for (String name : used) {
                VariableDefinition definition = variableDefinitions.get(name);
                if (definition == null) {
                    throw new PlanningException("variable $" + name + " is used but not declared");
                }
                definitions.add(definition);
            }
            OperationDefinition.Operation kind = group.entries.isEmpty() ? operation.kind()
                    : OperationDefinition.Operation.QUERY;
            String name = operation.name() == null ? null
                    : operation.name() + "__" + group.graph.toLowerCase() + "__" + fetchCount++;
            OperationDefinition subgraphOperation = OperationDefinition.newOperationDefinition()
                    .operation(kind).name(name).variableDefinitions(definitions).selectionSet(selections).build();
            return new PlanNode.Fetch(group.graph, AstPrinter.printAstCompact(subgraphOperation), List.copyOf(used),
                    batches, group.entries.isEmpty() ? responseKeys(selections) : List.of(), renames);
        }

        /** Separates conflicting fields in the selection's type-conditioned parts, and below, everywhere in it. */
        private void separateConflicts(String graph, Selection selection, Map<String, String> renames) {
            separateConflicts(graph, selection.typed, renames);
            selection.fields.values().forEach(field -> {
                if (field.children() != null) {
                    separateConflicts(graph, field.children(), renames);
                }
            });
            selection.typed.values().forEach(typed -> separateConflicts(graph, typed, renames));
        }

        /**
         * Sibling fragments on different types may select one response key where the field's type differs in the
         * subgraph (non-null for one type, nullable for the other), which the subgraph's validation refuses although
         * the supergraph's types agree. Every occurrence whose type there differs from the first one's is fetched
         * under an alias of its own, {@code __gw_<Type>_<key>}, renamed back when the response arrives.
         */
        private void separateConflicts(String graph, Map<String, Selection> typed, Map<String, String> renames) {
            if (typed.size() < 2) {
                return;
            }
            Map<String, String> firstShape = new LinkedHashMap<>();
            typed.forEach((type, selection) -> {
                for (Map.Entry<String, FieldSelection> entry : selection.fields.entrySet()) {
                    String key = entry.getKey();
                    FieldSelection field = entry.getValue();
                    if (field.field().getName().startsWith("__") || key.startsWith("__")) {
                        continue;
                    }
                    String shape = shape(supergraph.fieldTypeIn(type, field.field().getName(), graph));
                    String first = firstShape.putIfAbsent(key, shape);
                    if (first != null && !first.equals(shape)) {
                        String alias = "__gw_" + type + "_" + key;
                        entry.setValue(new FieldSelection(field.field().transform(b -> b.alias(alias)), field.children()));
                        renames.put(alias, key);
                    }
                }
            });
        }

        /** What validation compares of two fields under one response key: wrappers, and leaf types by name. */
        private String shape(String printedType) {
            if (printedType == null) {
                return "";
            }
            String name = printedType.replaceAll("[\\[\\]!]", "");
            return supergraph.schema().getType(name) instanceof GraphQLCompositeType
                    ? printedType.replace(name, "*") : printedType;
        }
    }

    /** The response keys of a selection's own fields, as the client sees them (not the gateway's __ helpers). */
    private static List<String> responseKeys(SelectionSet selection) {
        return selection.getSelectionsOfType(Field.class).stream()
                .map(QueryPlanner::responseKey)
                .filter(key -> !key.startsWith("__")).distinct().toList();
    }

    /**
     * A route being searched: the subgraph it has reached, its first hop, and what it costs: new fetches, hops,
     * and (negated, so that more is cheaper) how many of the client's other fields the first hop's subgraph also
     * resolves.
     */
    private record Route(String graph, Hop first, int fetches, int hops, long shared) implements Comparable<Route> {
        @Override
        public int compareTo(Route other) {
            int byFetches = Integer.compare(fetches, other.fetches);
            if (byFetches != 0) {
                return byFetches;
            }
            int byHops = Integer.compare(hops, other.hops);
            return byHops != 0 ? byHops : Long.compare(shared, other.shared);
        }
    }

    /** Fields the gateway fetches for a representation, as selected, and the fetches that supply them. */
    private record Required(SelectionSet fields, Set<Group> suppliers) {
    }

    /** A field on the way to the one being planned, and the object type it was selected on. */
    private record Step(NormalizedField field, GraphQLObjectType parent) {
    }

    /**
     * A place a fetch from another subgraph can start: objects of an entity {@code type} that {@code group}
     * fetches at {@code path} (their fields in {@code selection}), or, with no group, the root; {@code depth} is
     * how many fields of the trail lead to it.
     */
    private record Anchor(Group group, Selection selection, GraphQLObjectType type, List<String> path, int depth) {
    }

    /**
     * Where an entity fetch goes, by which key, and under which type name: the entity's own type, or the interface
     * the target subgraph knows it by ({@code @interfaceObject}).
     */
    private record Hop(String graph, EntityKey key, String entityType) {
    }

    /**
     * One fetch being planned: a subgraph, and either a root selection or, for an entity fetch, where its
     * entities sit in the response and what it selects and needs of each entity type found there.
     */
    private static final class Group {
        final Group parent;
        final String graph;
        final Selection selection = new Selection();
        /** For an entity fetch: what it completes at each place of the response, in planning order. */
        final Map<List<String>, Entry> entries = new LinkedHashMap<>();
        final List<Group> children = new ArrayList<>();
        /** Sibling fetches that must complete first, because they supply fields this one requires. */
        final Set<Group> dependsOn = new LinkedHashSet<>();

        Group(Group parent, String graph) {
            this.parent = parent;
            this.graph = graph;
        }

        /** The entity fetch into {@code graph} after this one: one per subgraph, whatever the places it serves. */
        Group child(String graph) {
            for (Group child : children) {
                if (child.graph.equals(graph)) {
                    return child;
                }
            }
            Group child = new Group(this, graph);
            children.add(child);
            return child;
        }

        Entry entry(List<String> path) {
            return entries.computeIfAbsent(List.copyOf(path), p -> new Entry());
        }
    }

    /** What an entity fetch completes at one place of the response, per entity type. */
    private static final class Entry {
        final Map<String, EntityPart> parts = new LinkedHashMap<>();
        /** Concrete types whose entities are sent as the interface the subgraph knows (@interfaceObject). */
        final Map<String, String> interfaceObjects = new LinkedHashMap<>();

        EntityPart part(String type, SelectionSet key) {
            return parts.computeIfAbsent(type, t -> new EntityPart(key));
        }
    }

    /** What an entity fetch selects for one entity type, and what each representation of that type holds. */
    private static final class EntityPart {
        final Selection selection = new Selection();
        final Selection representation = new Selection();

        /** {@code key}: the key fields as the parent fetch selects them, aliased where a client field took the name. */
        EntityPart(SelectionSet key) {
            representation.field(TYPENAME);
            representation.addAll(key);
        }
    }

    /** A selection set under construction: fields by response key, and type-conditioned parts. */
    private static final class Selection {
        final Map<String, FieldSelection> fields = new LinkedHashMap<>();
        final Map<String, Selection> typed = new LinkedHashMap<>();

        FieldSelection field(Field field) {
            return field(field, field.getSelectionSet() != null);
        }

        /** Selects the field (its own selection set left out) under its response key, once. */
        FieldSelection field(Field field, boolean composite) {
            String key = responseKey(field);
            FieldSelection existing = fields.get(key);
            if (existing != null) {
                if (!existing.field.getName().equals(field.getName())
                        || !AstPrinter.printAstCompact(existing.field.transform(b -> b.selectionSet(null).alias(null)))
                        .equals(AstPrinter.printAstCompact(field.transform(b -> b.selectionSet(null).alias(null))))) {
                    throw new PlanningException("the response key " + key + " names two different fields; the gateway"
                            + " needs it for " + existing.field.getName());
                }
                return existing;
            }
            FieldSelection created = new FieldSelection(field.transform(b -> b.selectionSet(null)),
                    composite ? new Selection() : null);
            fields.put(key, created);
            return created;
        }

        /**
         * The selection as a subgraph is asked for it; where nothing is selected (every field skipped), the typename:
         * a composite field's selection may not be empty.
         */
        SelectionSet toAstNotEmpty() {
            if (fields.isEmpty() && typed.isEmpty()) {
                return SelectionSet.newSelectionSet().selection(TYPENAME).build();
            }
            return toAst();
        }

        Selection typed(String type) {
            return typed.computeIfAbsent(type, t -> new Selection());
        }

        void addAll(SelectionSet set) {
            for (Field field : set.getSelectionsOfType(Field.class)) {
                FieldSelection selected = field(field);
                if (field.getSelectionSet() != null) {
                    selected.children.addAll(field.getSelectionSet());
                }
            }
            for (InlineFragment fragment : set.getSelectionsOfType(InlineFragment.class)) {
                if (fragment.getTypeCondition() == null) {
                    addAll(fragment.getSelectionSet());
                } else {
                    field(TYPENAME);
                    typed(fragment.getTypeCondition().getName()).addAll(fragment.getSelectionSet());
                }
            }
        }

        SelectionSet toAst() {
            SelectionSet.Builder builder = SelectionSet.newSelectionSet();
            fields.values().forEach(selected -> builder.selection(selected.children == null ? selected.field
                    : selected.field.transform(b -> b.selectionSet(selected.children.toAstNotEmpty()))));
            typed.forEach((type, selection) -> builder.selection(InlineFragment.newInlineFragment()
                    .typeCondition(new TypeName(type)).selectionSet(selection.toAst()).build()));
            return builder.build();
        }
    }

    private record FieldSelection(Field field, Selection children) {
    }

    static String responseKey(Field field) {
        return field.getAlias() != null ? field.getAlias() : field.getName();
    }

    private static void addListMarkers(GraphQLOutputType type, List<String> path) {
        GraphQLType current = type;
        while (true) {
            if (current instanceof GraphQLNonNull nonNull) {
                current = nonNull.getWrappedType();
            } else if (current instanceof GraphQLList list) {
                path.add("@");
                current = list.getWrappedType();
            } else {
                return;
            }
        }
    }

    private static void collectVariables(SelectionSet set, Set<String> into) {
        if (set == null) {
            return;
        }
        set.getSelections().forEach(selection -> {
            if (selection instanceof Field field) {
                field.getArguments().forEach(argument -> collectVariables(argument.getValue(), into));
                field.getDirectives().forEach(directive -> directive.getArguments()
                        .forEach(argument -> collectVariables(argument.getValue(), into)));
                collectVariables(field.getSelectionSet(), into);
            } else if (selection instanceof InlineFragment inline) {
                inline.getDirectives().forEach(directive -> directive.getArguments()
                        .forEach(argument -> collectVariables(argument.getValue(), into)));
                collectVariables(inline.getSelectionSet(), into);
            }
        });
    }

    private static void collectVariables(Value<?> value, Set<String> into) {
        if (value instanceof VariableReference reference) {
            into.add(reference.getName());
        } else if (value instanceof ArrayValue array) {
            array.getValues().forEach(v -> collectVariables(v, into));
        } else if (value instanceof ObjectValue object) {
            object.getObjectFields().stream().map(ObjectField::getValue).forEach(v -> collectVariables(v, into));
        }
    }
}
