package org.throughline.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
     * Labels of progressive overrides ({@code @override(from: ..., label: "...")}) to turn on: their fields are
     * then resolved by the overriding subgraph. A {@code percent(x)} label needs no entry: it is on for x percent
     * of requests.
     */
    Optional<Set<String>> overrideLabels();

    interface SubgraphConfig {
        /** The subgraph's GraphQL endpoint. */
        String url();

        Optional<Duration> timeout();
    }
}
