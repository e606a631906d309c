package org.throughline.gateway.execution;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.CoercedVariables;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.MergedField;
import graphql.execution.MergedSelectionSet;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.introspection.GoodFaithIntrospection;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import io.opentelemetry.context.Context;
import org.throughline.edge.OperationLimits;
import org.throughline.edge.Refusal;
import org.throughline.gateway.planning.FieldCollector;
import org.throughline.gateway.planning.NormalizedOperation;
import org.throughline.gateway.planning.PlanNode;
import org.throughline.gateway.planning.PlanningException;
import org.throughline.gateway.planning.QueryPlan;
import org.throughline.gateway.planning.QueryPlanner;
import org.throughline.gateway.supergraph.Supergraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.throughline.edge.Refusal.graphqlError;

/**
 * The gateway's request pipeline over one supergraph: parse, validate against the API schema, plan (cached per
 * operation), check variables, execute, shape the response. Introspection is answered from the API schema itself.
 * Every failure becomes a GraphQL error with an {@code extensions.code}; nothing here throws at a caller.
 */
public final class Gateway {

    private static final Set<String> INTROSPECTION_ROOTS = Set.of("__schema", "__type");

    private final Supergraph supergraph;
    private final QueryPlanner planner;
    private final GatewayOptions options;
    /** A planner per set of override labels on, for supergraphs with progressive overrides. */
    private final Map<Set<String>, QueryPlanner> labelledPlanners = new ConcurrentHashMap<>();
    private final Executor executor;
    private final GraphQL introspection;
    /** By the request's text, so that a repeated request is not even parsed again. */
    private final Cache<String, Prepared> prepared;
    /** By the normalised operation, so that texts differing only in layout and comments share one plan. */
    private final Cache<String, Prepared> normalised;

    public Gateway(Supergraph supergraph, SubgraphTransport transport) {
        this(supergraph, transport, GatewayOptions.DEFAULTS);
    }

    /**
     * {@code enabledOverrideLabels}: the named labels of progressive overrides ({@code @override(label:)}) to turn
     * on; a {@code percent(x)} label is on for x percent of requests.
     */
    public Gateway(Supergraph supergraph, SubgraphTransport transport, Set<String> enabledOverrideLabels) {
        this(supergraph, transport, GatewayOptions.DEFAULTS.withOverrideLabels(enabledOverrideLabels));
    }

    public Gateway(Supergraph supergraph, SubgraphTransport transport, GatewayOptions options) {
        this.options = options;
        this.supergraph = supergraph;
        this.planner = new QueryPlanner(supergraph);
        this.executor = new Executor(supergraph, transport, options.subgraphErrors(), options.telemetry(),
                options.undeduplicated());
        this.introspection = GraphQL.newGraphQL(supergraph.apiSchema())
                .queryExecutionStrategy(new IntrospectionOnly()).build();
        this.prepared = boundedCache(options, true);
        this.normalised = boundedCache(options, false);
    }

    /**
     * At most {@code planCacheEntries} operations and {@code planCacheCharacters} of their text: each entry weighs
     * its text, and at least its share of the characters per entry. Caffeine evicts the least used one by one.
     */
    private static Cache<String, Prepared> boundedCache(GatewayOptions options, boolean counted) {
        long share = Math.max(1, options.planCacheCharacters() / Math.max(1, options.planCacheEntries()));
        return Caffeine.newBuilder().maximumWeight(options.planCacheCharacters())
                .weigher((String key, Prepared value) -> (int) Math.min(Integer.MAX_VALUE, Math.max(share, key.length())))
                .removalListener((String key, Prepared value, RemovalCause cause) -> {
                    if (counted && cause.wasEvicted()) {
                        options.telemetry().recordCache("evicted");
                    }
                })
                .build();
    }

    public Supergraph supergraph() {
        return supergraph;
    }

    /**
     * An operation parsed, validated and planned once, reused for every request that sends the same text: its
     * normalised form and its plan for each set of values of the @skip/@include variables (skipped selections cost
     * no fetch), and its plans for each set of override labels.
     */
    private record Prepared(Document document, OperationDefinition operation, Map<String, FragmentDefinition> fragments,
                            Set<String> conditionVariables, Map<String, NormalizedOperation> normalized,
                            Map<String, QueryPlan> plans, boolean introspection, Map<String, Access> access,
                            boolean costByVariables) {

        Prepared(Document document, OperationDefinition operation, Map<String, FragmentDefinition> fragments,
                 Set<String> conditionVariables, boolean introspection, boolean costByVariables) {
            this(document, operation, fragments, conditionVariables, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    introspection, new ConcurrentHashMap<>(), costByVariables);
        }

        /** The values of the condition variables among {@code variables}, as a key. */
        private Map<String, Object> conditions(Map<String, Object> variables) {
            Map<String, Object> conditions = new TreeMap<>();
            conditionVariables.forEach(name -> conditions.put(name, variables.get(name)));
            return conditions;
        }

        /**
         * The operation as normalised for these values of its condition variables, against the API schema; a
         * normalisation not made before stops at {@code deadline}.
         */
        NormalizedOperation normalized(GraphQLSchema schema, String operationName, Map<String, Object> variables,
                                       Deadline deadline) {
            Map<String, Object> conditions = conditions(variables);
            NormalizedOperation cached = normalized.get(conditions.toString());
            if (cached != null) {
                return cached;
            }
            return normalized.computeIfAbsent(conditions.toString(), k -> {
                assert !io.vertx.core.Context.isOnEventLoopThread() : "an operation was normalised on an event loop thread";
                return NormalizedOperation.of(schema, document, operationName, conditions, deadline::check);
            });
        }

        /**
         * The plan for these values of the @skip/@include variables and these override labels; a plan not made
         * before stops at {@code deadline}.
         */
        QueryPlan plan(QueryPlanner planner, Set<String> labels, String operationName, Map<String, Object> variables,
                       Deadline deadline) {
            String conditions = conditions(variables).toString();
            String key = labels.isEmpty() ? conditions : conditions + " " + labels;
            QueryPlan cached = plans.get(key);
            if (cached != null) {
                return cached;
            }
            NormalizedOperation normalizedOperation = normalized(planner.supergraph().apiSchema(), operationName,
                    variables, deadline);
            return plans.computeIfAbsent(key, k -> {
                assert !io.vertx.core.Context.isOnEventLoopThread() : "an operation was planned on an event loop thread";
                return planner.plan(normalizedOperation, deadline::check);
            });
        }
    }

    /** The operation as one caller may run it (null when nothing is left), and the fields taken out for them. */
    private record Access(Prepared prepared, List<Map<String, Object>> refusals) {
    }

    public CompletionStage<Map<String, Object>> execute(GraphQLRequest request, Map<String, String> headers) {
        return execute(request, headers, false);
    }

    /** As {@link #execute(GraphQLRequest, Map, boolean, Caller)} with the authorization directives not enforced. */
    public CompletionStage<Map<String, Object>> execute(GraphQLRequest request, Map<String, String> headers,
                                                        boolean explain) {
        return execute(request, headers, explain, Caller.UNCHECKED);
    }

    /**
     * Runs the request for the caller, forwarding {@code headers} to every subgraph; with {@code explain} the
     * response carries the printed query plan in {@code extensions.queryPlan}. Fields the supergraph's
     * authorization directives keep from this caller are not fetched: they are null, with an error at their path.
     */
    public CompletionStage<Map<String, Object>> execute(GraphQLRequest request, Map<String, String> headers,
                                                        boolean explain, Caller caller) {
        return execute(request, headers, explain, caller, Context.current());
    }

    /**
     * As {@link #execute(GraphQLRequest, Map, boolean, Caller)}, within the trace context {@code operation} (the
     * span of the HTTP request that carries it): each subgraph fetch is a span under it. The operation has the
     * request timeout from now, and is prepared on the calling thread, which must not be an event loop.
     */
    public CompletionStage<Map<String, Object>> execute(GraphQLRequest request, Map<String, String> headers,
                                                        boolean explain, Caller caller, Context operationContext) {
        return execute(request, headers, explain, caller, operationContext, Deadline.after(options.requestTimeout()),
                null);
    }

    /**
     * Runs the request for the caller by {@code deadline}, which counts every stage, from parsing to the last
     * fetch: past it, the operation is answered {@code GATEWAY_TIMEOUT} at once, and the work still going on for
     * it stops at its next checkpoint. An operation that is not prepared yet (parsed, validated, measured,
     * planned) is prepared by {@code preparers}, never on an event loop; null prepares it on the calling thread.
     * Every operation is counted with its name, outcome and time.
     */
    public CompletionStage<Map<String, Object>> execute(GraphQLRequest request, Map<String, String> headers,
                                                        boolean explain, Caller caller, Context operationContext,
                                                        Deadline deadline,
                                                        java.util.concurrent.Executor preparers) {
        long started = System.nanoTime();
        Telemetry.nameOperation(operationContext, request.operationName());
        CompletableFuture<Map<String, Object>> answered = preparers == null || readyToRun(request, caller)
                ? run(request, headers, explain, caller, operationContext, deadline).toCompletableFuture()
                : CompletableFuture.supplyAsync(() -> run(request, headers, explain, caller, operationContext,
                deadline), preparers).thenCompose(stage -> stage);
        // The answer past the deadline is made only when it is needed, not for every operation in advance.
        return answered.orTimeout(deadline.remainingNanos(), TimeUnit.NANOSECONDS).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException completion ? completion.getCause() : failure;
            if (cause instanceof TimeoutException) {
                return timedOut(deadline);
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        }).whenComplete((response, failure) -> options.telemetry().recordOperation(request.operationName(),
                outcome(response), System.nanoTime() - started));
    }

    /**
     * ok (no errors), partial (data and errors), failed (it ran, and no data is left, or the gateway failed), or
     * refused (it could not run: no data at all).
     */
    private static String outcome(Map<String, Object> response) {
        if (response == null) {
            return "failed";
        }
        if (!response.containsKey("errors")) {
            return "ok";
        }
        if (response.get("data") != null) {
            return "partial";
        }
        return response.containsKey("data") ? "failed" : "refused";
    }

    /**
     * An operation ready to run for one caller: prepared, restricted to what the caller may see, its variables
     * checked, planned (no plan when the caller may see none of it), its introspection answered.
     */
    private record Ready(Access access, Map<String, Object> variables, QueryPlan plan, NormalizedOperation shapedBy,
                         Map<String, Object> introspected) {
    }

    /** A request that is answered without running: the response says why. */
    private static final class Answered extends RuntimeException {
        final Map<String, Object> response;

        Answered(Map<String, Object> response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    /** Makes the request ready to run for the caller, or throws {@link Answered} with the response refusing it. */
    private Ready ready(GraphQLRequest request, Caller caller, Deadline deadline) {
        try {
            // It may have waited for a worker past its deadline: then it is not even parsed.
            deadline.check();
            Prepared operation = prepare(request, deadline);
            if (operation.introspection() && !options.introspection()) {
                throw new RequestException(graphqlError("introspection is switched off on this gateway",
                        "INTROSPECTION_DISABLED", null));
            }
            Access access = supergraph.hasAccessRules() && caller.checked()
                    ? operation.access().computeIfAbsent(caller.key(), key -> restrict(operation, caller))
                    : new Access(operation, List.of());
            Map<String, Object> variables = withDefaults(operation.operation(), request.variables());
            if (operation.costByVariables()) {
                options.limits().requireAffordable(supergraph.apiSchema(), operation.fragments(),
                        operation.operation(), variables);
            }
            QueryPlan plan = access.prepared() == null ? null : planFor(access.prepared(), request, variables, deadline);
            // The response answers the whole operation: what the caller may not see is null, with its refusal.
            NormalizedOperation shapedBy = operation.normalized(supergraph.apiSchema(), request.operationName(),
                    variables, deadline);
            // Before any fetch: introspection the gateway will not answer refuses the whole operation.
            Map<String, Object> introspected = operation.introspection() ? introspect(request) : Map.of();
            return new Ready(access, variables, plan, shapedBy, introspected);
        } catch (Deadline.Passed e) {
            throw new Answered(timedOut(deadline));
        } catch (Refusal e) {
            throw new Answered(Map.of("errors", List.of(e.graphqlError())));
        } catch (PlanningException e) {
            throw new Answered(unplannable(e));
        } catch (RequestException e) {
            throw new Answered(e.planningFailure != null ? unplannable(e.planningFailure) : Map.of("errors", e.errors));
        }
    }

    private CompletionStage<Map<String, Object>> run(GraphQLRequest request, Map<String, String> headers,
                                                     boolean explain, Caller caller, Context operationContext,
                                                     Deadline deadline) {
        Ready ready;
        try {
            ready = ready(request, caller, deadline);
        } catch (Answered e) {
            return CompletableFuture.completedFuture(e.response);
        }
        if (ready.plan() != null && ready.plan().root() instanceof PlanNode.Subscription) {
            return CompletableFuture.completedFuture(Map.of("errors", List.of(graphqlError("a subscription is "
                    + "served over a WebSocket at this path (the graphql-transport-ws protocol of graphql-ws), not as "
                    + "a single response", "SUBSCRIPTION_NEEDS_A_STREAM", null))));
        }
        CompletionStage<Executor.Result> executed = ready.plan() == null
                ? CompletableFuture.completedFuture(new Executor.Result())
                : executor.execute(ready.plan(), request.variables(), headers, operationContext);
        return executed.thenApply(result -> shaped(ready, result, explain));
    }

    /** The response to the executed operation (or to one event of a subscription), shaped by it. */
    private Map<String, Object> shaped(Ready ready, Executor.Result result, boolean explain) {
        result.data().putAll(ready.introspected());
        List<Map<String, Object>> errors = new ArrayList<>(ready.access().refusals());
        errors.addAll(result.errors());
        Map<String, Object> data = new ResponseShaper(ready.shapedBy(), supergraph.apiSchema(), errors)
                .shape(result.data());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("data", data);
        if (!errors.isEmpty()) {
            response.put("errors", errors);
        }
        if (explain) {
            response.put("extensions", Map.of("queryPlan", ready.plan().print()));
        }
        return response;
    }

    /** Where the responses of an operation run as a stream go: one per event of a subscription. */
    public interface Stream {
        /**
         * The operation is valid, allowed and planned, and starts: called before any other method but for a request
         * that is refused (then only {@link #ended} is called, with the refusal).
         */
        default void started() {
        }

        /** One response: an event of a subscription, or the only response of a query or mutation. */
        void next(Map<String, Object> response);

        /**
         * The end: with no errors, the operation is complete; with errors, it was refused before it started (then
         * they are the whole answer) or ended by them (a subgraph that failed or went away).
         */
        void ended(List<Map<String, Object>> errors);
    }

    /** Ends a stream that {@link #stream} started; nothing more is sent to it afterwards. */
    public interface Cancellation {
        void cancel();
    }

    /** Events completed by other subgraphs that may wait to be delivered, per subscription. */
    static final int MAX_PENDING_EVENTS = 1000;

    /**
     * Runs the request as a stream, as GraphQL over WebSocket does: a subscription delivers a response for each of
     * its subgraph's events, completed from the other subgraphs by its plan, until the subgraph completes it, fails
     * it or the returned handle cancels it; a query or mutation delivers its one response. A request that cannot
     * run ends at once with its errors. Prepares the operation on the calling thread, which must not be an event
     * loop.
     */
    public Cancellation stream(GraphQLRequest request, Map<String, String> headers, Caller caller,
                               Context operationContext, Stream stream) {
        long started = System.nanoTime();
        Ready ready;
        try {
            ready = ready(request, caller, Deadline.after(options.requestTimeout()));
        } catch (Answered e) {
            options.telemetry().recordOperation(request.operationName(), "refused", System.nanoTime() - started);
            stream.ended(responseErrors(e.response));
            return () -> { };
        }
        stream.started();
        if (ready.plan() == null || !(ready.plan().root() instanceof PlanNode.Subscription subscription)) {
            java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
            execute(request, headers, false, caller, operationContext).whenComplete((response, failure) -> {
                if (cancelled.get()) {
                    return;
                }
                if (failure != null) {
                    stream.ended(List.of(graphqlError("the gateway failed to execute the request",
                            "INTERNAL_SERVER_ERROR", null)));
                    return;
                }
                if (response.containsKey("data")) {
                    stream.next(response);
                    stream.ended(List.of());
                } else {
                    stream.ended(responseErrors(response));
                }
            });
            return () -> cancelled.set(true);
        }
        options.telemetry().recordOperation(request.operationName(), "subscribed", System.nanoTime() - started);
        SubgraphTransport.SubgraphSubscription upstream = executor.subscribe(subscription, request.variables(),
                headers, operationContext, MAX_PENDING_EVENTS, new Executor.EventSink() {
                    @Override
                    public void next(Executor.Result event) {
                        stream.next(shaped(ready, event, false));
                    }

                    @Override
                    public void ended(List<Map<String, Object>> errors) {
                        stream.ended(errors);
                    }
                });
        return upstream::cancel;
    }

    private static List<Map<String, Object>> responseErrors(Map<String, Object> response) {
        List<Map<String, Object>> errors = new ArrayList<>();
        if (response.get("errors") instanceof List<?> list) {
            list.forEach(error -> errors.add(cast(error)));
        }
        return errors;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    /** The answer to an operation past its deadline: what its fetches have not returned yet is not waited for. */
    private static Map<String, Object> timedOut(Deadline deadline) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("data", null);
        response.put("errors", List.of(graphqlError("the operation did not complete within "
                + deadline.budget().toMillis() + " ms", "GATEWAY_TIMEOUT", null)));
        return response;
    }

    /** The operation without what the caller may not see; the same operation when they may see all of it. */
    private Access restrict(Prepared operation, Caller caller) {
        AccessFilter.Result filtered = AccessFilter.apply(supergraph, caller, operation.document(),
                operation.operation(), operation.fragments());
        if (filtered.errors().isEmpty()) {
            return new Access(operation, List.of());
        }
        if (filtered.document() == null) {
            return new Access(null, filtered.errors());
        }
        Document document = filtered.document();
        OperationDefinition restricted = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        return new Access(new Prepared(document, restricted, fragments, QueryPlanner.conditionVariables(document),
                operation.introspection(), operation.costByVariables()), filtered.errors());
    }

    private Prepared prepare(GraphQLRequest request, Deadline deadline) {
        if (request.query() == null || request.query().isBlank()) {
            throw new RequestException(graphqlError("the request has no query", "BAD_REQUEST", null));
        }
        String key = request.operationName() + "\u0000" + request.query();
        Prepared cached = prepared.getIfPresent(key);
        options.telemetry().recordCache(cached == null ? "miss" : "hit");
        if (cached == null) {
            cached = prepared.get(key, k -> prepareUncached(request, deadline));
        }
        if (!request.mutationsAllowed() && cached.operation().getOperation() == OperationDefinition.Operation.MUTATION) {
            throw new RequestException(graphqlError("mutations must be sent with POST", "MUTATION_NOT_ALLOWED",
                    null));
        }
        return cached;
    }

    /**
     * Whether the request runs for this caller without parsing, validating or planning anything: its operation,
     * the caller's view of it and its plan are all prepared. An operation with {@code @skip}/{@code @include}
     * variables or progressive overrides is planned per combination and always counts as needing work.
     */
    public boolean readyToRun(GraphQLRequest request, Caller caller) {
        if (request.query() == null) {
            return true;
        }
        Prepared operation = prepared.getIfPresent(request.operationName() + "\u0000" + request.query());
        if (operation == null || !operation.conditionVariables().isEmpty() || !supergraph.overrideLabels().isEmpty()) {
            return false;
        }
        if (supergraph.hasAccessRules() && caller.checked()) {
            Access access = operation.access().get(caller.key());
            return access != null && (access.prepared() == null || access.prepared().plans().containsKey("{}"));
        }
        return operation.plans().containsKey("{}");
    }

    /** How many operations are prepared now, after the cache's pending evictions; for tests. */
    long preparedCount() {
        prepared.cleanUp();
        return prepared.estimatedSize();
    }

    private Prepared prepareUncached(GraphQLRequest request, Deadline deadline) {
        // Parsing, validating and planning take time that an event loop owes every other request: the HTTP route
        // hands operations it has not prepared to a worker thread. Tests run with assertions on, and hold it to that.
        assert !io.vertx.core.Context.isOnEventLoopThread() : "an operation was prepared on an event loop thread";
        Document document = options.limits().parse(request.query(), deadline::check);
        // Measured before anything else reads the whole document again (printing it, validating it): one pass, each
        // fragment once.
        chosenOperation(document, request.operationName())
                .ifPresent(chosen -> options.limits().requireShape(document, chosen));
        String normalisedKey = request.operationName() + "\u0000" + AstPrinter.printAstCompact(document);
        return normalised.get(normalisedKey, k -> validateAndPlan(request, document, deadline));
    }

    private Prepared validateAndPlan(GraphQLRequest request, Document document, Deadline deadline) {
        // graphql-java's validation has no checkpoint: the shape measured before bounds its work.
        deadline.check();
        List<ValidationError> invalid = new Validator().validateDocument(supergraph.apiSchema(), document, Locale.ENGLISH);
        deadline.check();
        if (!invalid.isEmpty()) {
            throw new RequestException(invalid.stream()
                    .map(e -> graphqlError(e.getMessage(), "GRAPHQL_VALIDATION_FAILED", e.getLocations())).toList());
        }
        OperationDefinition operation;
        try {
            operation = QueryPlanner.operation(document, request.operationName());
        } catch (PlanningException e) {
            // Which operation to run is the request's to say: without it, nothing executes.
            throw new RequestException(graphqlError(e.getMessage(), "GRAPHQL_VALIDATION_FAILED", null));
        }
        try {
            Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
            document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
            boolean costByVariables = OperationLimits.costDependsOnVariables(document);
            if (!costByVariables) {
                options.limits().requireAffordable(supergraph.apiSchema(), fragments, operation, Map.of());
            }
            Prepared prepared = new Prepared(document, operation, fragments, QueryPlanner.conditionVariables(document),
                    introspects(operation, fragments), costByVariables);
            if (prepared.conditionVariables().isEmpty()) {
                prepared.plan(planner, Set.of(), request.operationName(), Map.of(), deadline);
            } else {
                // Planning every conditional selection once finds what cannot be planned before anything runs.
                planner.plan(NormalizedOperation.of(supergraph.apiSchema(), document, request.operationName(), null,
                        deadline::check), deadline::check);
            }
            return prepared;
        } catch (PlanningException e) {
            throw new RequestException(e);
        }
    }

    /** Whether the operation selects {@code __schema} or {@code __type} on its root, directly or in fragments. */
    private boolean introspects(OperationDefinition operation, Map<String, FragmentDefinition> fragments) {
        if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
            return false;
        }
        return new FieldCollector(supergraph.apiSchema(), fragments, null)
                .collect(operation.getSelectionSet(), supergraph.apiSchema().getQueryType()).stream()
                .anyMatch(field -> INTROSPECTION_ROOTS.contains(field.getName()));
    }

    /** The operation a request names, when the document has it; validation and planning report the rest. */
    private static Optional<OperationDefinition> chosenOperation(Document document, String operationName) {
        try {
            return Optional.of(QueryPlanner.operation(document, operationName));
        } catch (PlanningException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks the variables against the operation's declarations and returns them as the client sent them, plus
     * declared defaults, for evaluating @skip and @include; subgraphs receive what the client sent.
     */
    private Map<String, Object> withDefaults(OperationDefinition operation, Map<String, Object> variables) {
        StrictIdVariables.firstInvalid(supergraph.apiSchema(), operation.getVariableDefinitions(), variables)
                .ifPresent(invalid -> {
                    throw new RequestException(graphqlError(invalid, "BAD_USER_INPUT", null));
                });
        CoercedVariables coerced;
        try {
            coerced = ValuesResolver.coerceVariableValues(supergraph.apiSchema(), operation.getVariableDefinitions(),
                    RawVariables.of(variables), GraphQLContext.getDefault(), Locale.ENGLISH);
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError graphQLError) {
                throw new RequestException(graphqlError(graphQLError.getMessage(), "BAD_USER_INPUT",
                        graphQLError.getLocations()));
            }
            throw new RequestException(graphqlError("invalid variables: " + e.getMessage(), "BAD_USER_INPUT", null));
        }
        Map<String, Object> all = new LinkedHashMap<>(variables);
        coerced.toMap().forEach(all::putIfAbsent);
        return all;
    }

    /** The plan the request runs with; for tests and diagnostics. */
    QueryPlan planOf(GraphQLRequest request) {
        Deadline deadline = Deadline.after(options.requestTimeout());
        Prepared operation = prepare(request, deadline);
        return planFor(operation, request, withDefaults(operation.operation(), request.variables()), deadline);
    }

    private QueryPlan planFor(Prepared operation, GraphQLRequest request, Map<String, Object> variables,
                              Deadline deadline) {
        Set<String> labels = overrideLabelsOn();
        QueryPlanner labelled = labels.isEmpty() ? planner : labelledPlanners.computeIfAbsent(labels,
                on -> new QueryPlanner(supergraph.withOverrideLabels(on)));
        try {
            return operation.plan(labelled, labels, request.operationName(), variables, deadline);
        } catch (PlanningException e) {
            throw new RequestException(e);
        }
    }

    /** The override labels on for one request: those enabled by name, and each {@code percent(x)} with odds x%. */
    private Set<String> overrideLabelsOn() {
        if (supergraph.overrideLabels().isEmpty()) {
            return Set.of();
        }
        Set<String> on = new java.util.TreeSet<>();
        for (String label : supergraph.overrideLabels()) {
            Double percent = supergraph.overridePercent(label);
            if (percent != null) {
                if (ThreadLocalRandom.current().nextDouble(100) < percent) {
                    on.add(label);
                }
            } else if (options.overrideLabels().contains(label)) {
                on.add(label);
            }
        }
        return on;
    }

    /**
     * The operation's {@code __schema} and {@code __type} fields, answered from the API schema by their response
     * keys. graphql-java refuses introspection beyond what a tool needs (each of {@code __schema}, {@code __type} and
     * a type's lists of fields, input fields, interfaces and possible types once, at most 500 fields and 20 levels
     * in an operation that introspects): then the whole operation is refused, before anything is fetched.
     */
    private Map<String, Object> introspect(GraphQLRequest request) {
        ExecutionResult result = introspection.execute(ExecutionInput.newExecutionInput()
                .query(request.query()).operationName(request.operationName()).variables(request.variables()).build());
        if (!result.getErrors().isEmpty()) {
            boolean tooLarge = result.getErrors().stream()
                    .anyMatch(e -> e instanceof GoodFaithIntrospection.BadFaithIntrospectionError);
            throw new RequestException(tooLarge
                    ? graphqlError("the operation introspects more than the gateway answers at once: each of __schema, "
                    + "__type and a type's fields, inputFields, interfaces and possibleTypes at most once, and at most "
                    + "500 fields, 20 deep, in an operation that introspects", "INTROSPECTION_TOO_LARGE", null)
                    : graphqlError("the introspection could not be answered", "INTERNAL_SERVER_ERROR", null));
        }
        Map<String, Object> data = result.getData();
        return data == null ? Map.of() : data;
    }

    /**
     * Executes only the root fields that introspect: the rest of the operation is the subgraphs' to answer, and
     * left in, its non-null fields would come back null here and take the introspection's answer with them.
     */
    private static final class IntrospectionOnly extends AsyncExecutionStrategy {
        @Override
        public CompletableFuture<ExecutionResult> execute(ExecutionContext context, ExecutionStrategyParameters root) {
            Map<String, MergedField> introspecting = new LinkedHashMap<>();
            root.getFields().getSubFields().forEach((key, field) -> {
                if (INTROSPECTION_ROOTS.contains(field.getName())) {
                    introspecting.put(key, field);
                }
            });
            MergedSelectionSet fields = MergedSelectionSet.newMergedSelectionSet().subFields(introspecting).build();
            return super.execute(context, root.transform(parameters -> parameters.fields(fields)));
        }
    }

    /** A request that cannot run; carries the GraphQL errors to answer with. */
    private static final class RequestException extends RuntimeException {
        final List<Map<String, Object>> errors;
        /** The planning failure behind it, when the operation is valid but cannot be planned; else null. */
        final PlanningException planningFailure;

        RequestException(Map<String, Object> error) {
            this(List.of(error));
        }

        RequestException(List<Map<String, Object>> errors) {
            super(String.valueOf(errors.get(0).get("message")), null, false, false);
            this.errors = errors;
            this.planningFailure = null;
        }

        RequestException(PlanningException planningFailure) {
            super(planningFailure.getMessage(), null, false, false);
            this.errors = List.of(graphqlError(planningFailure.getMessage(), "QUERY_PLANNING_FAILED", null));
            this.planningFailure = planningFailure;
        }
    }

    /**
     * The answer to a valid operation the gateway cannot plan: refused before any fetch, as an execution that
     * produced nothing ({@code data: null}) with the reason, not as a malformed request.
     */
    private static Map<String, Object> unplannable(PlanningException e) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("data", null);
        response.put("errors", List.of(graphqlError(e.getMessage(), "QUERY_PLANNING_FAILED", null)));
        return response;
    }
}
