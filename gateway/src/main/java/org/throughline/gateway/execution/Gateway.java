package org.throughline.gateway.execution;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.execution.CoercedVariables;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import org.throughline.gateway.planning.PlanningException;
import org.throughline.gateway.planning.QueryPlan;
import org.throughline.gateway.planning.QueryPlanner;
import org.throughline.gateway.supergraph.Supergraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's request pipeline over one supergraph: parse, validate against the API schema, plan (cached per
 * operation), check variables, execute, shape the response. Introspection is answered from the API schema itself.
 * Every failure becomes a GraphQL error with an {@code extensions.code}; nothing here throws at a caller.
 */
public final class Gateway {

    private static final int PLAN_CACHE_LIMIT = 2_000;

    private final Supergraph supergraph;
    private final QueryPlanner planner;
    /** Override labels the operator turned on; {@code percent(x)} labels are drawn per request. */
    private final Set<String> enabledOverrideLabels;
    /** A planner per set of override labels on, for supergraphs with progressive overrides. */
    private final Map<Set<String>, QueryPlanner> labelledPlanners = new ConcurrentHashMap<>();
    private final Executor executor;
    private final GraphQL introspection;
    /** Whether clients may introspect the API schema; off, {@code __schema} and {@code __type} are refused. */
    private final boolean introspectionEnabled;
    /** By the request's text, so that a repeated request is not even parsed again. */
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();
    /** By the normalised operation, so that texts differing only in layout and comments share one plan. */
    private final Map<String, Prepared> normalised = new ConcurrentHashMap<>();

    public Gateway(Supergraph supergraph, SubgraphTransport transport) {
        this(supergraph, transport, Set.of());
    }

    /**
     * {@code enabledOverrideLabels}: the named labels of progressive overrides ({@code @override(label:)}) to turn
     * on; a {@code percent(x)} label is on for x percent of requests.
     */
    public Gateway(Supergraph supergraph, SubgraphTransport transport, Set<String> enabledOverrideLabels) {
        this(supergraph, transport, enabledOverrideLabels, true);
    }

    /** As {@link #Gateway(Supergraph, SubgraphTransport, Set)}; {@code introspection} false refuses it. */
    public Gateway(Supergraph supergraph, SubgraphTransport transport, Set<String> enabledOverrideLabels,
                   boolean introspection) {
        this.introspectionEnabled = introspection;
        this.supergraph = supergraph;
        this.planner = new QueryPlanner(supergraph);
        this.enabledOverrideLabels = Set.copyOf(enabledOverrideLabels);
        this.executor = new Executor(supergraph, transport);
        this.introspection = GraphQL.newGraphQL(supergraph.apiSchema()).build();
    }

    public Supergraph supergraph() {
        return supergraph;
    }

    /** An operation parsed, validated and planned once, reused for every request that sends the same text. */
    private record Prepared(Document document, OperationDefinition operation, Map<String, FragmentDefinition> fragments,
                            Set<String> conditionVariables, Map<String, QueryPlan> plans, boolean introspection,
                            Map<String, Access> access) {

        Prepared(Document document, OperationDefinition operation, Map<String, FragmentDefinition> fragments,
                 Set<String> conditionVariables, boolean introspection) {
            this(document, operation, fragments, conditionVariables, new ConcurrentHashMap<>(), introspection,
                    new ConcurrentHashMap<>());
        }

        /**
         * The plan for these values of the @skip/@include variables (skipped selections cost no fetch) and these
         * override labels.
         */
        QueryPlan plan(QueryPlanner planner, Set<String> labels, String operationName, Map<String, Object> variables) {
            Map<String, Object> conditions = new TreeMap<>();
            conditionVariables.forEach(name -> conditions.put(name, variables.get(name)));
            String key = labels.isEmpty() ? conditions.toString() : conditions + " " + labels;
            return plans.computeIfAbsent(key, k -> planner.plan(document, operationName, conditions));
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
        Prepared operation;
        Access access;
        Map<String, Object> variables;
        QueryPlan plan;
        try {
            operation = prepare(request);
            if (operation.introspection() && !introspectionEnabled) {
                throw new RequestException(error("introspection is switched off on this gateway",
                        "INTROSPECTION_DISABLED", null));
            }
            access = supergraph.hasAccessRules() && caller.checked()
                    ? operation.access().computeIfAbsent(caller.key(), key -> restrict(operation, caller))
                    : new Access(operation, List.of());
            variables = withDefaults(operation.operation(), request.variables());
            plan = access.prepared() == null ? null : planFor(access.prepared(), request, variables);
        } catch (RequestException e) {
            return CompletableFuture.completedFuture(Map.of("errors", e.errors));
        }
        Map<String, Object> introspected = operation.introspection()
                ? introspect(request, operation.operation()) : Map.of();
        CompletionStage<Executor.Result> executed = plan == null
                ? CompletableFuture.completedFuture(new Executor.Result())
                : executor.execute(plan, request.variables(), headers);
        return executed.thenApply(result -> {
            result.data().putAll(introspected);
            List<Map<String, Object>> errors = new ArrayList<>(access.refusals());
            errors.addAll(result.errors());
            Map<String, Object> data = new ResponseShaper(supergraph.apiSchema(), operation.fragments(), variables, errors)
                    .shape(operation.operation(), result.data());
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("data", data);
            if (!errors.isEmpty()) {
                response.put("errors", errors);
            }
            if (explain) {
                response.put("extensions", Map.of("queryPlan", plan.print()));
            }
            return response;
        });
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
                operation.introspection()), filtered.errors());
    }

    private Prepared prepare(GraphQLRequest request) {
        if (request.query() == null || request.query().isBlank()) {
            throw new RequestException(error("the request has no query", "BAD_REQUEST", null));
        }
        String key = request.operationName() + "\u0000" + request.query();
        Prepared cached = prepared.get(key);
        if (cached == null) {
            cached = prepareUncached(request);
            if (prepared.size() >= PLAN_CACHE_LIMIT) {
                prepared.clear();
                normalised.clear();
            }
            prepared.put(key, cached);
        }
        if (!request.mutationsAllowed() && cached.operation().getOperation() == OperationDefinition.Operation.MUTATION) {
            throw new RequestException(error("mutations must be sent with POST", "MUTATION_NOT_ALLOWED", null));
        }
        return cached;
    }

    private Prepared prepareUncached(GraphQLRequest request) {
        Document document;
        try {
            document = Parser.parse(request.query());
        } catch (InvalidSyntaxException e) {
            throw new RequestException(error(e.getMessage(), "GRAPHQL_PARSE_FAILED",
                    e.getLocation() == null ? null : List.of(e.getLocation())));
        }
        String normalisedKey = request.operationName() + "\u0000" + AstPrinter.printAstCompact(document);
        Prepared known = normalised.get(normalisedKey);
        if (known != null) {
            return known;
        }
        Prepared fresh = validateAndPlan(request, document);
        normalised.put(normalisedKey, fresh);
        return fresh;
    }

    private Prepared validateAndPlan(GraphQLRequest request, Document document) {
        List<ValidationError> invalid = new Validator().validateDocument(supergraph.apiSchema(), document, Locale.ENGLISH);
        if (!invalid.isEmpty()) {
            throw new RequestException(invalid.stream()
                    .map(e -> error(e.getMessage(), "GRAPHQL_VALIDATION_FAILED", e.getLocations())).toList());
        }
        try {
            OperationDefinition operation = QueryPlanner.operation(document, request.operationName());
            Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
            document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
            boolean introspection = operation.getSelectionSet().getSelectionsOfType(Field.class).stream()
                    .anyMatch(field -> field.getName().equals("__schema") || field.getName().equals("__type"));
            Prepared prepared = new Prepared(document, operation, fragments, QueryPlanner.conditionVariables(document),
                    introspection);
            // Planning every conditional selection once finds what cannot be planned before anything runs.
            QueryPlan everything = planner.plan(document, request.operationName());
            if (prepared.conditionVariables().isEmpty()) {
                prepared.plans().put(new TreeMap<>().toString(), everything);
            }
            return prepared;
        } catch (PlanningException e) {
            throw new RequestException(error(e.getMessage(), "QUERY_PLANNING_FAILED", null));
        }
    }

    /**
     * Checks the variables against the operation's declarations and returns them as the client sent them, plus
     * declared defaults, for evaluating @skip and @include; subgraphs receive what the client sent.
     */
    private Map<String, Object> withDefaults(OperationDefinition operation, Map<String, Object> variables) {
        CoercedVariables coerced;
        try {
            coerced = ValuesResolver.coerceVariableValues(supergraph.apiSchema(), operation.getVariableDefinitions(),
                    RawVariables.of(variables), GraphQLContext.getDefault(), Locale.ENGLISH);
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError graphQLError) {
                throw new RequestException(error(graphQLError.getMessage(), "BAD_USER_INPUT", graphQLError.getLocations()));
            }
            throw new RequestException(error("invalid variables: " + e.getMessage(), "BAD_USER_INPUT", null));
        }
        Map<String, Object> all = new LinkedHashMap<>(variables);
        coerced.toMap().forEach(all::putIfAbsent);
        return all;
    }

    /** The plan the request runs with; for tests and diagnostics. */
    QueryPlan planOf(GraphQLRequest request) {
        Prepared operation = prepare(request);
        return planFor(operation, request, withDefaults(operation.operation(), request.variables()));
    }

    private QueryPlan planFor(Prepared operation, GraphQLRequest request, Map<String, Object> variables) {
        Set<String> labels = overrideLabelsOn();
        QueryPlanner labelled = labels.isEmpty() ? planner : labelledPlanners.computeIfAbsent(labels,
                on -> new QueryPlanner(supergraph.withOverrideLabels(on)));
        try {
            return operation.plan(labelled, labels, request.operationName(), variables);
        } catch (PlanningException e) {
            throw new RequestException(error(e.getMessage(), "QUERY_PLANNING_FAILED", null));
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
                if (java.util.concurrent.ThreadLocalRandom.current().nextDouble(100) < percent) {
                    on.add(label);
                }
            } else if (enabledOverrideLabels.contains(label)) {
                on.add(label);
            }
        }
        return on;
    }

    private Map<String, Object> introspect(GraphQLRequest request, OperationDefinition operation) {
        ExecutionResult result = introspection.execute(ExecutionInput.newExecutionInput()
                .query(request.query()).operationName(request.operationName()).variables(request.variables()).build());
        Map<String, Object> data = result.getData();
        Map<String, Object> introspected = new LinkedHashMap<>();
        if (data != null) {
            operation.getSelectionSet().getSelectionsOfType(Field.class).stream()
                    .filter(field -> field.getName().equals("__schema") || field.getName().equals("__type"))
                    .map(field -> field.getAlias() != null ? field.getAlias() : field.getName())
                    .forEach(key -> introspected.put(key, data.get(key)));
        }
        return introspected;
    }

    private static Map<String, Object> error(String message, String code, List<SourceLocation> locations) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (locations != null && !locations.isEmpty()) {
            error.put("locations", locations.stream()
                    .map(location -> Map.of("line", location.getLine(), "column", location.getColumn())).toList());
        }
        error.put("extensions", Map.of("code", code));
        return error;
    }

    /** A request that cannot run; carries the GraphQL errors to answer with. */
    private static final class RequestException extends RuntimeException {
        final List<Map<String, Object>> errors;

        RequestException(Map<String, Object> error) {
            this(List.of(error));
        }

        RequestException(List<Map<String, Object>> errors) {
            super(String.valueOf(errors.get(0).get("message")), null, false, false);
            this.errors = errors;
        }
    }
}
