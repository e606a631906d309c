package org.throughline.gateway.execution;

import graphql.language.Field;
import graphql.language.SelectionSet;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.jboss.logging.Logger;
import org.throughline.edge.Refusal;
import org.throughline.gateway.planning.PlanNode;
import org.throughline.gateway.planning.QueryPlan;
import org.throughline.gateway.supergraph.Subgraph;
import org.throughline.gateway.supergraph.Supergraph;
import org.throughline.gateway.supergraph.SupergraphReader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs a {@link QueryPlan}: sends each fetch to its subgraph without blocking, independent fetches at the same
 * time, and merges every response into one tree. Entity fetches send one {@code _entities} request with the
 * deduplicated representations found at their path, and write each result back to every object that asked for
 * it. A failed subgraph leaves its fields out and adds an error; the rest of the data stays.
 */
public final class Executor {

    private static final Logger LOG = Logger.getLogger(Executor.class);

    private final Supergraph supergraph;
    private final SubgraphTransport transport;
    private final SubgraphErrors subgraphErrors;
    private final Telemetry telemetry;
    /** The subgraphs whose identical query fetches are not shared while in flight. */
    private final Set<String> undeduplicated;
    private final InFlightFetches inFlight = new InFlightFetches();
    /** Identical subscriptions to a subgraph share one. */
    private final SharedSubscriptions subscriptions;
    private final Map<String, Shape> representations = new ConcurrentHashMap<>();

    public Executor(Supergraph supergraph, SubgraphTransport transport, SubgraphErrors subgraphErrors,
                    Telemetry telemetry, Set<String> undeduplicated) {
        this.supergraph = supergraph;
        this.transport = transport;
        this.subscriptions = new SharedSubscriptions(transport);
        this.subgraphErrors = subgraphErrors;
        this.telemetry = telemetry;
        this.undeduplicated = Set.copyOf(undeduplicated);
    }

    /** The merged, not yet shaped, result of running a plan: raw data and the errors met on the way. */
    public static final class Result {
        final Map<String, Object> data = new LinkedHashMap<>();
        final List<Map<String, Object>> errors = new ArrayList<>();

        public Map<String, Object> data() {
            return data;
        }

        public List<Map<String, Object>> errors() {
            return errors;
        }
    }

    /** Runs the plan; each fetch is a span under {@code operation}, the trace context of the operation. */
    public CompletionStage<Result> execute(QueryPlan plan, Map<String, Object> variables, Map<String, String> headers,
                                           Context operation) {
        Result result = new Result();
        return run(plan.root(), new Run(result, variables, headers, operation)).thenApply(done -> result);
    }

    /**
     * Completes one event of a subscription: the event (the subgraph's response to the plan's primary fetch) is
     * merged as a root fetch's answer is, then the plan's rest runs over it as it would after that fetch in a query.
     */
    public CompletionStage<Result> executeEvent(PlanNode.Subscription plan, Map<String, Object> event,
                                                Map<String, Object> variables, Map<String, String> headers,
                                                Context operation) {
        Result result = new Result();
        Run run = new Run(result, variables, headers, operation);
        mergeRoot(plan.primary(), new Reply(event, false, null), run);
        if (plan.rest() == null) {
            return CompletableFuture.completedFuture(result);
        }
        return run(plan.rest(), run).thenApply(done -> result);
    }

    /** Where the events of a subscription go, each completed, in the order the subgraph sent them. */
    public interface EventSink {
        /** One event, completed from the other subgraphs. */
        void next(Result event);

        /** The end of the subscription: by the subgraph's completion (no errors) or with errors. */
        void ended(List<Map<String, Object>> errors);
    }

    /**
     * Subscribes to the plan's primary fetch in its subgraph (sharing one subscription with identical ones,
     * {@link SharedSubscriptions}), and completes each event with the plan's rest,
     * one event after the other: an event is handed on only after those before it. When more than
     * {@code maxPendingEvents} wait to be completed, the consumer (or the subgraphs completing them) cannot keep up:
     * the subscription ends with {@code SUBSCRIPTION_BACKLOG_EXCEEDED} rather than holding ever more events.
     */
    public SubgraphTransport.SubgraphSubscription subscribe(PlanNode.Subscription plan, Map<String, Object> variables,
                                                           Map<String, String> headers, Context operation,
                                                           int maxPendingEvents, EventSink sink) {
        PlanNode.Fetch primary = plan.primary();
        Subgraph target = supergraph.subgraph(primary.graph());
        String service = target.name();
        Map<String, Object> sent = new LinkedHashMap<>();
        for (String name : primary.variables()) {
            if (variables.containsKey(name)) {
                sent.put(name, variables.get(name));
            }
        }
        EventOrder order = new EventOrder(sink, maxPendingEvents);
        SubgraphTransport.SubgraphSubscription upstream = subscriptions.subscribe(target, primary.operation(), sent,
                headers, new SubgraphTransport.SubgraphEvents() {
                    @Override
                    public void next(Map<String, Object> response) {
                        if (order.backlogged()) {
                            order.cancelUpstream();
                            order.end(List.of(Refusal.graphqlError("the subscription ended: more than "
                                    + maxPendingEvents + " events waited to be delivered",
                                    "SUBSCRIPTION_BACKLOG_EXCEEDED", null)));
                            return;
                        }
                        order.then(() -> executeEvent(plan, response, variables, headers, operation)
                                .thenAccept(order::deliver));
                    }

                    @Override
                    public void errors(List<Map<String, Object>> errors) {
                        List<Object> at = primary.fields().isEmpty() ? null : List.of(primary.fields().get(0));
                        order.end(errors.stream().map(error -> relocated(primary, error,
                                error.get("path") == null ? at : null)).toList());
                    }

                    @Override
                    public void failed(SubgraphException failure) {
                        List<Map<String, Object>> errors = new ArrayList<>();
                        new Failure(failure.getMessage(), failure.code(), service).recordAt(
                                primary.fields().stream().map(field -> List.<Object>of(field)).toList(), errors);
                        order.end(errors);
                    }

                    @Override
                    public void completed() {
                        order.end(List.of());
                    }
                });
        order.upstream(upstream);
        return order::cancel;
    }

    /**
     * Keeps a subscription's events in order while each is completed on its own time, counts those waiting, and
     * delivers nothing once the subscription has ended or was cancelled.
     */
    private static final class EventOrder {
        private final EventSink sink;
        private final int maxPending;
        private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        private int pending;
        private boolean over;
        private volatile SubgraphTransport.SubgraphSubscription upstream;
        private volatile boolean cancelUpstream;

        EventOrder(EventSink sink, int maxPending) {
            this.sink = sink;
            this.maxPending = maxPending;
        }

        void upstream(SubgraphTransport.SubgraphSubscription subscription) {
            upstream = subscription;
            if (cancelUpstream) {
                subscription.cancel();
            }
        }

        void cancelUpstream() {
            cancelUpstream = true;
            SubgraphTransport.SubgraphSubscription subscription = upstream;
            if (subscription != null) {
                subscription.cancel();
            }
        }

        /** Whether the event cannot wait with the others; when it can, it is counted. */
        synchronized boolean backlogged() {
            if (over) {
                return false;
            }
            if (pending >= maxPending) {
                return true;
            }
            pending++;
            return false;
        }

        synchronized void then(Supplier<CompletionStage<Void>> step) {
            if (over) {
                return;
            }
            last = last.thenCompose(done -> step.get()).exceptionally(failure -> {
                LOG.error("An event of a subscription could not be completed", failure);
                return null;
            });
        }

        void deliver(Result event) {
            synchronized (this) {
                pending--;
                if (over) {
                    return;
                }
            }
            sink.next(event);
        }

        /** Ends the subscription once the events before have been delivered. */
        synchronized void end(List<Map<String, Object>> errors) {
            if (over) {
                return;
            }
            last = last.thenRun(() -> {
                synchronized (this) {
                    if (over) {
                        return;
                    }
                    over = true;
                }
                sink.ended(errors);
            });
        }

        void cancel() {
            synchronized (this) {
                over = true;
            }
            cancelUpstream();
        }
    }

    private record Run(Result result, Map<String, Object> variables, Map<String, String> headers, Context operation) {
    }

    private CompletionStage<Void> run(PlanNode node, Run run) {
        if (node instanceof PlanNode.Subscription) {
            throw new IllegalArgumentException("a subscription's plan runs per event, through executeEvent");
        }
        if (node instanceof PlanNode.Fetch fetch) {
            return fetch.entityFetch() ? fetchEntities(fetch, run) : fetchRoot(fetch, run);
        }
        if (node instanceof PlanNode.Sequence sequence) {
            CompletionStage<Void> stage = CompletableFuture.completedFuture(null);
            for (PlanNode child : sequence.nodes()) {
                stage = stage.thenCompose(done -> run(child, run));
            }
            return stage;
        }
        List<CompletableFuture<Void>> branches = ((PlanNode.Parallel) node).nodes().stream()
                .map(child -> run(child, run).toCompletableFuture()).toList();
        return CompletableFuture.allOf(branches.toArray(CompletableFuture[]::new));
    }

    private CompletionStage<Void> fetchRoot(PlanNode.Fetch fetch, Run run) {
        return send(fetch, variablesFor(fetch, run), run).thenAccept(reply -> mergeRoot(fetch, reply, run));
    }

    /** Merges a root fetch's answer into the run's result, and its errors at their places. */
    private void mergeRoot(PlanNode.Fetch fetch, Reply reply, Run run) {
        if (reply.failure() != null) {
            synchronized (run.result) {
                List<List<Object>> paths = fetch.fields().stream().map(field -> List.<Object>of(field)).toList();
                reply.failure().recordAt(paths, run.result.errors);
            }
            return;
        }
        Map<String, Object> response = reply.body();
        boolean copy = copyOnMerge(reply, fetch);
        synchronized (run.result) {
            if (response.get("data") instanceof Map<?, ?> data) {
                deepMerge(run.result.data, cast(renamed(data, fetch.renames())), copy);
            }
            for (Map<String, Object> error : errors(reply)) {
                // An error that names no field is the fetch's as a whole: it stands at its first root field.
                List<Object> path = error.get("path") == null && !fetch.fields().isEmpty()
                        ? List.of(fetch.fields().get(0)) : null;
                run.result.errors.add(relocated(fetch, error, path));
            }
        }
    }

    private CompletionStage<Void> fetchEntities(PlanNode.Fetch fetch, Run run) {
        List<Batch> batches = new ArrayList<>();
        synchronized (run.result) {
            for (PlanNode.EntityBatch plan : fetch.batches()) {
                batches.add(collectBatch(plan, run.result.data));
            }
        }
        if (batches.stream().allMatch(batch -> batch.representations.isEmpty())) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, Object> variables = variablesFor(fetch, run);
        batches.forEach(batch -> variables.put(batch.plan.variable(), batch.representations));
        return send(fetch, variables, run).thenAccept(reply -> {
            if (reply.failure() != null) {
                synchronized (run.result) {
                    // Each entity that stays incomplete gets the error, at the first field the fetch would have filled.
                    List<List<Object>> paths = new ArrayList<>();
                    for (Batch batch : batches) {
                        for (Target target : batch.targets) {
                            if (target.representation >= 0 && !batch.plan.fields().isEmpty()) {
                                List<Object> path = target.path();
                                path.add(batch.plan.fields().get(0));
                                paths.add(path);
                            }
                        }
                    }
                    reply.failure().recordAt(paths, run.result.errors);
                }
                return;
            }
            Map<String, Object> response = reply.body();
            boolean copy = copyOnMerge(reply, fetch);
            synchronized (run.result) {
                Map<?, ?> data = response.get("data") instanceof Map<?, ?> map ? map : Map.of();
                for (Batch batch : batches) {
                    List<?> entities = data.get(batch.plan.responseKey()) instanceof List<?> list ? list : List.of();
                    for (Target target : batch.targets) {
                        if (target.representation >= 0 && target.representation < entities.size()
                                && entities.get(target.representation) instanceof Map<?, ?> entity) {
                            // The object keeps its own type: an @interfaceObject subgraph answers with the interface's
                            // name. Only an object that came from one, named by its interface, learns its type here.
                            Map<String, Object> fields = cast(renamed(entity, fetch.renames()));
                            boolean keepOwnType = target.object.get("__typename") instanceof String own
                                    && !own.equals(fields.get("__typename")) && !interfaceName(own);
                            fields.forEach((key, value) -> {
                                if (!keepOwnType || !key.equals("__typename")) {
                                    mergeField(target.object, key, value, copy);
                                }
                            });
                        }
                    }
                }
                for (Map<String, Object> error : errors(reply)) {
                    List<?> path = error.get("path") instanceof List<?> p ? p : List.of();
                    Batch batch = path.size() >= 2 && path.get(1) instanceof Number ? batches.stream()
                            .filter(b -> b.plan.responseKey().equals(path.get(0))).findFirst().orElse(null) : null;
                    if (batch == null) {
                        // An error of the fetch as a whole (no path, or one into the subgraph's own query such as
                        // ["_entities"]) stands where the entities it was to complete are, up to their first list:
                        // once per place, and the nulls it leaves below are covered by it.
                        Map<String, Object> pathless = new LinkedHashMap<>(error);
                        pathless.remove("path");
                        Set<List<Object>> places = new java.util.LinkedHashSet<>();
                        for (Batch each : batches) {
                            if (each.targets.stream().anyMatch(target -> target.representation >= 0)) {
                                List<Object> place = new ArrayList<>();
                                for (String step : each.plan.path()) {
                                    if (step.equals("@")) {
                                        break;
                                    }
                                    place.add(step);
                                }
                                places.add(place);
                            }
                        }
                        if (places.isEmpty()) {
                            run.result.errors.add(relocated(fetch, pathless, null));
                        }
                        places.forEach(place -> run.result.errors.add(relocated(fetch, pathless, place)));
                        continue;
                    }
                    int position = ((Number) path.get(1)).intValue();
                    for (Target target : batch.targets) {
                        if (target.representation == position) {
                            List<Object> clientPath = target.path();
                            clientPath.addAll(path.subList(2, path.size()));
                            run.result.errors.add(relocated(fetch, error, clientPath));
                        }
                    }
                }
            }
        });
    }

    /** The entities one batch completes: where they are, and their deduplicated representations. */
    private record Batch(PlanNode.EntityBatch plan, List<Target> targets, List<Map<String, Object>> representations) {
    }

    /** What tells apart the entities of a type keyed by one scalar field (an id): that value. */
    private record ScalarKey(String type, Object value) {
    }

    private Batch collectBatch(PlanNode.EntityBatch plan, Map<String, Object> data) {
        Map<String, Shape> keySelections = new LinkedHashMap<>();
        plan.representations().forEach((type, text) -> keySelections.put(type, representations.computeIfAbsent(text,
                printed -> Shape.of(SupergraphReader.parseFieldSet(printed.substring(1, printed.length() - 1))))));
        // An object without __typename can only be of the batch's one entity type.
        String soleType = keySelections.size() == 1 ? keySelections.keySet().iterator().next() : null;
        List<Target> targets = new ArrayList<>();
        collect(data, plan.path(), 0, null, targets);
        List<Map<String, Object>> distinct = new ArrayList<>();
        // Each representation's position, found by its scalar key where it has one (so that an entity met again, the
        // author of many reviews, costs no representation of its own), otherwise by the representation itself.
        Map<Object, Integer> positions = new HashMap<>();
        for (Target target : targets) {
            Object typename = target.object.get("__typename");
            String type = typename instanceof String name ? plan.interfaceObjects().getOrDefault(name, name) : soleType;
            Shape keySelection = type == null ? null : keySelections.get(type);
            if (keySelection == null) {
                continue;
            }
            Object keyValue = keySelection.oneScalarField() ? target.object.get(keySelection.keys[0]) : null;
            Object identity = keyValue instanceof String || keyValue instanceof Number || keyValue instanceof Boolean
                    ? new ScalarKey(type, keyValue) : null;
            Integer position = identity == null ? null : positions.get(identity);
            if (position == null) {
                Map<String, Object> representation = representation(target.object, keySelection);
                if (representation == null) {
                    continue;
                }
                representation.put("__typename", type);
                position = positions.computeIfAbsent(identity != null ? identity : representation, known -> {
                    distinct.add(representation);
                    return distinct.size() - 1;
                });
            }
            target.representation = position;
        }
        return new Batch(plan, targets, distinct);
    }

    /**
     * A subgraph's answer to a fetch: its response body (shared with other operations' fetches when deduplicated,
     * then read-only), or the failure that kept it from answering.
     */
    private record Reply(Map<String, Object> body, boolean shared, Failure failure) {
    }

    /**
     * Whether what the reply's body holds must be copied as it goes into the operation's response: when other
     * operations share the body, since later fetches merge into what the response holds. A body renamed for the
     * fetch's aliases is a copy already.
     */
    private static boolean copyOnMerge(Reply reply, PlanNode.Fetch fetch) {
        return reply.shared() && fetch.renames().isEmpty();
    }

    /** Sends a fetch; completes with the response, or with the failure when the subgraph failed as a whole. */
    private CompletionStage<Reply> send(PlanNode.Fetch fetch, Map<String, Object> variables, Run run) {
        Subgraph target = supergraph.subgraph(fetch.graph());
        String service = target.name();
        Span span = telemetry.startFetch(run.operation, service);
        long started = System.nanoTime();
        Map<String, String> headers = telemetry.withTraceContext(span, run.operation, run.headers);
        Supplier<CompletionStage<Map<String, Object>>> sent = () -> transport.send(target,
                fetch.operation(), variables, headers);
        // A mutation changes something each time it is sent: it is never shared with another.
        CompletionStage<Reply> answered = fetch.operation().startsWith("mutation")
                || undeduplicated.contains(service)
                ? sent.get().thenApply(body -> new Reply(body, false, null))
                : inFlight.fetch(service, fetch.operation(), variables, run.headers,
                () -> telemetry.recordDeduplicated(service), sent)
                .thenApply(answer -> new Reply(answer.body(), answer.shared(), null));
        return answered
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof SubgraphException subgraph) {
                        return new Reply(null, false, new Failure(subgraph.getMessage(), subgraph.code(), service));
                    }
                    LOG.errorf(cause, "The request to subgraph %s failed inside the gateway", service);
                    return new Reply(null, false, new Failure("the request to subgraph " + service + " failed",
                            "SUBREQUEST_HTTP_ERROR", service));
                })
                .whenComplete((reply, never) -> {
                    String failure = reply.failure() == null ? null : reply.failure().code;
                    Telemetry.end(span, failure);
                    telemetry.recordFetch(service, failure == null ? "ok" : failure, System.nanoTime() - started);
                });
    }

    /**
     * A subgraph that failed as a whole, standing in for its response. Its error is recorded at each place that stays
     * empty for want of it, so that a client sees which of its fields are missing; past {@link #PATHS} places, one
     * more error counts the rest.
     */
    private static final class Failure {
        static final int PATHS = 100;

        private final String message;
        private final String code;
        private final String service;

        Failure(String message, String code, String service) {
            this.message = message;
            this.code = code;
            this.service = service;
        }

        void recordAt(List<List<Object>> paths, List<Map<String, Object>> errors) {
            if (paths.isEmpty()) {
                errors.add(error(null));
                return;
            }
            paths.stream().limit(PATHS).forEach(path -> errors.add(error(path)));
            if (paths.size() > PATHS) {
                Map<String, Object> rest = error(null);
                rest.put("message", message + " (and at " + (paths.size() - PATHS) + " more places)");
                errors.add(rest);
            }
        }

        private Map<String, Object> error(List<Object> path) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", message);
            if (path != null) {
                error.put("path", path);
            }
            error.put("extensions", Map.of("code", code, "service", service));
            return error;
        }
    }

    private static Map<String, Object> variablesFor(PlanNode.Fetch fetch, Run run) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String name : fetch.variables()) {
            if (run.variables.containsKey(name)) {
                variables.put(name, run.variables.get(name));
            }
        }
        return variables;
    }

    /**
     * An object of the merged response that an entity fetch completes, and where it sits: its position in the list
     * above it ({@code -1} when it is no list's item), below the step that leads to that list or to it.
     */
    private static final class Target {
        final Map<String, Object> object;
        final Step parent;
        final int position;
        int representation = -1;

        Target(Map<String, Object> object, Step parent, int position) {
            this.object = object;
            this.parent = parent;
            this.position = position;
        }

        /** Where it sits, as a GraphQL error's {@code path} gives it; a new list each time. */
        List<Object> path() {
            List<Object> path = parent == null ? new ArrayList<>() : parent.toList();
            if (position >= 0) {
                path.add(position);
            }
            return path;
        }
    }

    /**
     * The last step of a path into the response, a field's response key or a list position, linked to the steps
     * before it: the targets of one list share the steps above it, and a path is spelt out as a list only when an
     * error needs it, not for every entity of every fetch.
     */
    private record Step(Step parent, String key, int position) {

        /** The path from the response's root, as a GraphQL error's {@code path} gives it; a new list each time. */
        List<Object> toList() {
            List<Object> steps = new ArrayList<>();
            for (Step step = this; step != null; step = step.parent) {
                steps.add(step.key != null ? step.key : (Object) step.position);
            }
            Collections.reverse(steps);
            return steps;
        }
    }

    private static void collect(Object node, List<String> path, int depth, Step at, List<Target> into) {
        if (node == null) {
            return;
        }
        if (depth == path.size()) {
            if (node instanceof Map<?, ?> object) {
                into.add(new Target(cast(object), at, -1));
            }
            return;
        }
        String segment = path.get(depth);
        if (segment.equals("@")) {
            if (node instanceof List<?> list) {
                boolean items = depth + 1 == path.size();
                for (int i = 0; i < list.size(); i++) {
                    // The items of the last list are the targets: each keeps its position itself, no step of its own.
                    if (!items) {
                        collect(list.get(i), path, depth + 1, new Step(at, null, i), into);
                    } else if (list.get(i) instanceof Map<?, ?> object) {
                        into.add(new Target(cast(object), at, i));
                    }
                }
            }
        } else if (node instanceof Map<?, ?> object) {
            Object next = object.get(segment);
            if (next != null) {
                collect(next, path, depth + 1, new Step(at, segment, -1), into);
            }
        }
    }

    /**
     * What a representation carries, compiled once from its printed selection: the fields (read under their
     * response key, sent under their name, with what they carry below) and the type-conditioned parts, which
     * apply to an object of their type only.
     */
    private record Shape(String[] keys, String[] names, Shape[] nested, String[] conditions, Shape[] parts) {

        /** Whether it selects one field and nothing below it or on a type condition: a key such as {@code id}. */
        boolean oneScalarField() {
            return keys.length == 1 && nested[0] == null && conditions.length == 0;
        }

        static Shape of(SelectionSet selection) {
            if (selection == null) {
                return null;
            }
            List<Field> fields = selection.getSelectionsOfType(Field.class);
            List<graphql.language.InlineFragment> fragments =
                    selection.getSelectionsOfType(graphql.language.InlineFragment.class);
            String[] keys = new String[fields.size()];
            String[] names = new String[fields.size()];
            Shape[] nested = new Shape[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                Field field = fields.get(i);
                // Read where the fetch put it (an alias, when a client field took the name); send it by its name.
                keys[i] = field.getAlias() != null ? field.getAlias() : field.getName();
                names[i] = field.getName();
                nested[i] = of(field.getSelectionSet());
            }
            String[] conditions = new String[fragments.size()];
            Shape[] parts = new Shape[fragments.size()];
            for (int i = 0; i < fragments.size(); i++) {
                graphql.language.InlineFragment fragment = fragments.get(i);
                conditions[i] = fragment.getTypeCondition() == null ? null : fragment.getTypeCondition().getName();
                parts[i] = of(fragment.getSelectionSet());
            }
            return new Shape(keys, names, nested, conditions, parts);
        }
    }

    /** The representation of an entity: its typename and key fields; null when the object lacks a key field. */
    private static Map<String, Object> representation(Map<String, Object> object, Shape shape) {
        Map<String, Object> representation = new CompactMap(shape.keys.length + 1);
        if (!addRepresented(object, shape, representation)) {
            return null;
        }
        return representation;
    }

    /**
     * Adds the selected fields of the object to the representation, those of a type condition when the object
     * is of that type (then with its typename, which the receiving subgraph needs to tell the types apart);
     * false when a selected field is absent.
     */
    private static boolean addRepresented(Map<String, Object> object, Shape shape, Map<String, Object> representation) {
        for (int i = 0; i < shape.conditions.length; i++) {
            String condition = shape.conditions[i];
            if (condition == null || condition.equals(object.get("__typename"))) {
                if (condition != null) {
                    representation.put("__typename", condition);
                }
                if (!addRepresented(object, shape.parts[i], representation)) {
                    return false;
                }
            }
        }
        for (int i = 0; i < shape.keys.length; i++) {
            Object value = object.get(shape.keys[i]);
            if (value == null && !object.containsKey(shape.keys[i])) {
                return false;
            }
            value = nested(value, shape.nested[i]);
            if (value == MISSING) {
                return false;
            }
            representation.put(shape.names[i], value);
        }
        return true;
    }

    private static final Object MISSING = new Object();

    /** A key or required field's value, reduced to the selected sub-fields; MISSING when one is absent. */
    private static Object nested(Object value, Shape shape) {
        if (shape == null || value == null) {
            return value;
        }
        if (value instanceof List<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            for (Object item : items) {
                Object reduced = nested(item, shape);
                if (reduced == MISSING) {
                    return MISSING;
                }
                out.add(reduced);
            }
            return out;
        }
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> reduced = representation(cast(object), shape);
            return reduced == null ? MISSING : reduced;
        }
        return value;
    }

    /** Whether a typename names an interface: what an {@code @interfaceObject} subgraph calls its objects. */
    private boolean interfaceName(String typename) {
        return supergraph.schema().getType(typename) instanceof graphql.schema.GraphQLInterfaceType;
    }

    /** Merges the source's fields into the target; with {@code copy} (see {@link #copyOnMerge}), copies of them. */
    private static void deepMerge(Map<String, Object> target, Map<String, Object> source, boolean copy) {
        source.forEach((key, value) -> mergeField(target, key, value, copy));
    }

    /** Merges one field's value into the object: objects field by field, lists of objects item by item. */
    @SuppressWarnings("unchecked")
    private static void mergeField(Map<String, Object> target, String key, Object value, boolean copy) {
        Object existing = target.get(key);
        if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
            deepMerge((Map<String, Object>) existingMap, (Map<String, Object>) valueMap, copy);
        } else if (existing instanceof List<?> existingList && value instanceof List<?> valueList
                && existingList.size() == valueList.size()) {
            for (int i = 0; i < existingList.size(); i++) {
                if (existingList.get(i) instanceof Map<?, ?> a && valueList.get(i) instanceof Map<?, ?> b) {
                    deepMerge((Map<String, Object>) a, (Map<String, Object>) b, copy);
                }
            }
        } else {
            target.put(key, copy ? CompactMap.deepCopy(value) : value);
        }
    }

    /** The reply's errors, copies when the reply is shared: what they hold goes into the operation's response. */
    private static List<Map<String, Object>> errors(Reply reply) {
        if (!(reply.body().get("errors") instanceof List<?> errors)) {
            return List.of();
        }
        return errors.stream().filter(Map.class::isInstance)
                .map(error -> Executor.<Map<String, Object>>cast(reply.shared() ? CompactMap.deepCopy(error) : error))
                .toList();
    }

    private Map<String, Object> relocated(PlanNode.Fetch fetch, Map<String, Object> error, List<Object> path) {
        if (!fetch.renames().isEmpty()) {
            if (path != null) {
                path = path.stream().map(step -> step instanceof String name
                        ? (Object) fetch.renames().getOrDefault(name, name) : step).toList();
            }
            if (error.get("path") instanceof List<?> own) {
                Map<String, Object> copy = new LinkedHashMap<>(error);
                copy.put("path", own.stream().map(step -> step instanceof String name
                        ? (Object) fetch.renames().getOrDefault(name, name) : step).toList());
                error = copy;
            }
        }
        return subgraphErrors.relocated(supergraph.subgraph(fetch.graph()).name(), error, path);
    }

    /**
     * The value with the fetch's aliases (fields that could not share their response key in the subgraph's
     * query) back under their response keys; the value itself when there are none. Copies what it changes: a
     * response may be shared by deduplicated fetches.
     */
    private static Object renamed(Object value, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(renamed(item, renames)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                String name = String.valueOf(key);
                out.put(renames.getOrDefault(name, name), renamed(item, renames));
            });
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
