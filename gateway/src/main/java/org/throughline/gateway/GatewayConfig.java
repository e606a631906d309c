package org.throughline.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.throughline.gateway.execution.GatewayOptions;
import org.throughline.edge.OperationLimits;
import org.throughline.gateway.execution.SubgraphErrors;
import org.throughline.gateway.execution.Telemetry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/** How the gateway finds its supergraph and talks to subgraphs. */
@ConfigMapping(prefix = "throughline.gateway")
public interface GatewayConfig {

    /** A supergraph SDL file (Apollo join spec); when absent the gateway composes one from {@link #subgraphs()}. */
    Optional<Path> supergraphFile();

    /** Subgraphs to compose at start, by name. */
    Map<String, SubgraphConfig> subgraphs();

    /** How long a subgraph may take to answer one fetch, unless its own timeout says otherwise. */
    @WithDefault("10s")
    Duration subgraphTimeout();

    /** How long to wait before trying again when a subgraph could not be reached for composition. */
    @WithDefault("2s")
    Duration compositionRetry();

    /**
     * How often a composed supergraph asks its subgraphs for their schema again, to serve what changed; 0 turns
     * polling off. A schema that no longer composes is reported and the previous supergraph keeps serving.
     */
    @WithDefault("30s")
    Duration pollInterval();

    /**
     * Whether a request with the header {@code X-Throughline-Query-Plan: true} gets its query plan in
     * {@code extensions.queryPlan}. Off by default: plans show the subgraphs' internals.
     */
    @WithDefault("false")
    boolean exposeQueryPlans();

    /**
     * Whether {@code GET /supergraph} returns the supergraph being served (SDL, join spec), for example to pin a
     * composed supergraph in a file. Off by default: it names the subgraphs' internal URLs.
     */
    @WithDefault("false")
    boolean exposeSupergraph();

    /** Whether clients may introspect the API schema ({@code __schema}, {@code __type}); off in production. */
    @WithDefault("true")
    boolean introspection();

    /** Whether GraphiQL is served at {@code /graphql-ui/}; off in production. */
    @WithDefault("true")
    boolean graphiql();

    /**
     * The policies of the supergraph's {@code @policy} directives, each met by a caller holding any of the realm
     * roles listed. A policy listed nowhere is met by nobody.
     */
    Map<String, List<String>> policies();

    /**
     * The realm roles of which a caller must hold one to run anything; unset, any caller with a valid token may. A
     * caller without one is refused with FORBIDDEN before anything is fetched.
     */
    Optional<Set<String>> requiredRoles();

    /**
     * Labels of progressive overrides ({@code @override(from: ..., label: "...")}) to turn on: their fields are
     * then resolved by the overriding subgraph. A {@code percent(x)} label needs no entry: it is on for x percent
     * of requests.
     */
    Optional<Set<String>> overrideLabels();

    /** What one operation may ask; beyond it, it is refused with a code before anything is fetched. */
    Limits limits();

    /** How long one operation may take, all its fetches included; then it is answered with GATEWAY_TIMEOUT. */
    Optional<Duration> requestTimeout();

    /** {@link #requestTimeout()}, or {@link GatewayOptions#DEFAULTS}'s when unset. */
    default Duration resolvedRequestTimeout() {
        return requestTimeout().orElse(GatewayOptions.DEFAULTS.requestTimeout());
    }

    /**
     * How many operations the gateway answers at once; more wait their turn. Each holds its subgraphs' answers in
     * memory until it is written (a few MiB for a large nested query): the heap must hold this many.
     */
    @WithDefault("64")
    int maxOperationsInFlight();

    /**
     * Worker threads that prepare operations not prepared before (parse, validate, measure, plan); unset, twice
     * the processors and at least 4. Health reports the gateway down once all of them have been at one operation
     * for longer than the request timeout.
     */
    OptionalInt preparationThreads();

    /** How many operations may wait for their turn; beyond, they are refused with 503 (SERVICE_OVERLOADED). */
    @WithDefault("1000")
    int maxOperationsQueued();

    /** The largest request body the gateway reads; a larger one is refused with 413. */
    @WithDefault("2M")
    MemorySize maxRequestSize();

    /** The largest response the gateway reads from a subgraph, unless the subgraph's own setting says otherwise. */
    @WithDefault("16M")
    MemorySize maxSubgraphResponseSize();

    /** The cache of parsed, validated and planned operations. */
    PlanCache planCache();

    /** Cross-site request forgery prevention, as Apollo Router does it. */
    Csrf csrf();

    /** Subscriptions over GraphQL over WebSocket at the GraphQL path. */
    Subscriptions subscriptions();

    interface Subscriptions {
        /** How long a socket may stay open without connection_init (closed with 4408 past it). */
        @WithDefault("10s")
        Duration connectionInitTimeout();

        /**
         * How often the gateway pings each socket (a WebSocket ping frame, which browsers and graphql-ws's client
         * answer by themselves): quiet sockets stay open through proxies, and one that has not answered the ping
         * before is closed (1001), its subscriptions ended.
         */
        @WithDefault("15s")
        Duration heartbeat();

        /** Operations one socket may run at once; one more is refused with SUBSCRIPTION_LIMIT. */
        @WithDefault("100")
        int maxPerConnection();

        /**
         * Operations one signed-in user may run at once over WebSockets and HTTP streams together; one more is refused
         * with SUBSCRIPTION_LIMIT.
         */
        @WithDefault("500")
        int maxPerUser();

        /**
         * WebSockets and HTTP streams one client address may hold open at once; one more is refused with 429
         * (TOO_MANY_CONNECTIONS). Behind a proxy, the address is the proxy's unless Quarkus is told to read
         * X-Forwarded-For (quarkus.http.proxy.proxy-address-forwarding).
         */
        @WithDefault("200")
        int maxConnectionsPerAddress();
    }

    /** Operations named by hash: automatic persisted queries and trusted documents. */
    PersistedOperations persistedOperations();

    interface PersistedOperations {
        /** Whether clients may register operations by hash (Apollo's automatic persisted queries). */
        @WithDefault("true")
        boolean automatic();

        /** An Apollo persisted-query manifest of trusted documents, known by id from the start. */
        Optional<Path> manifest();

        /** Whether only the manifest's operations run; automatic registration is then off. */
        @WithDefault("false")
        boolean safelist();

        /** At most this many characters of automatically registered operations are kept. */
        @WithDefault("10000000")
        long maxRegisteredCharacters();
    }

    /**
     * A POST must be {@code application/json}; a GET must carry that content type or one of the required headers,
     * which a page on another site can only set after a CORS preflight that the gateway grants only to the origins
     * of {@code quarkus.http.cors.origins}.
     */
    interface Csrf {
        @WithDefault("true")
        boolean enabled();

        /** Headers that make a GET safe: Apollo Client sends the first, Apollo's docs name the second. */
        @WithDefault("x-apollo-operation-name,apollo-require-preflight")
        List<String> requiredHeaders();
    }

    /**
     * Each unset limit takes {@link OperationLimits#DEFAULTS}'s value; 0 turns depth, aliases, root fields, fields,
     * directives or cost off.
     */
    interface Limits {
        OptionalInt maxDepth();

        OptionalInt maxAliases();

        OptionalInt maxRootFields();

        /** Fields selected in all, each fragment counted wherever it is spread. */
        OptionalInt maxFields();

        /** Directives used, each fragment counted wherever it is spread. */
        OptionalInt maxDirectives();

        OptionalInt maxTokens();

        OptionalLong maxCost();

        /** The size the cost estimate assumes for a list without a first or last argument. */
        OptionalInt assumedListSize();

        default OperationLimits resolve() {
            OperationLimits d = OperationLimits.DEFAULTS;
            return new OperationLimits(maxDepth().orElse(d.maxDepth()), maxAliases().orElse(d.maxAliases()),
                    maxRootFields().orElse(d.maxRootFields()), maxFields().orElse(d.maxFields()),
                    maxDirectives().orElse(d.maxDirectives()), maxTokens().orElse(d.maxTokens()),
                    maxCost().orElse(d.maxCost()), assumedListSize().orElse(d.assumedListSize()));
        }
    }

    /** Least used operations go first, one by one; it never empties at once. */
    interface PlanCache {
        /** At most this many operations are kept. */
        OptionalInt maxEntries();

        /** At most this many characters of operation text are kept with them. */
        OptionalLong maxCharacters();
    }

    /**
     * The options of the gateway, reporting to {@code telemetry}; each unset one takes
     * {@link GatewayOptions#DEFAULTS}'s value.
     */
    default GatewayOptions options(Telemetry telemetry) {
        GatewayOptions d = GatewayOptions.DEFAULTS;
        return new GatewayOptions(overrideLabels().orElse(Set.of()), introspection(), limits().resolve(),
                resolvedRequestTimeout(), planCache().maxEntries().orElse(d.planCacheEntries()),
                planCache().maxCharacters().orElse(d.planCacheCharacters()),
                new SubgraphErrors(subgraphs().entrySet().stream().filter(entry -> entry.getValue().passErrors())
                        .map(Map.Entry::getKey).collect(Collectors.toSet())), telemetry,
                subgraphs().entrySet().stream().filter(entry -> !entry.getValue().deduplicate())
                        .map(Map.Entry::getKey).collect(Collectors.toSet()));
    }

    interface SubgraphConfig {
        /** The subgraph's GraphQL endpoint. */
        String url();

        Optional<Duration> timeout();

        /** The largest response read from this subgraph. */
        Optional<MemorySize> maxResponseSize();

        /**
         * Whether this subgraph's errors reach clients as they are, extensions and all; by default they are masked
         * (message, path and code only, and no internals such as stack traces, hosts or SQL).
         */
        @WithDefault("false")
        boolean passErrors();

        /**
         * Whether a query fetch identical to one in flight to this subgraph (same document, variables and forwarded
         * headers, the caller's authorization among them) waits for that one's answer instead of being sent again.
         * Mutations are never shared.
         */
        @WithDefault("true")
        boolean deduplicate();
    }
}
