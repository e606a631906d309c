package org.throughline.gateway.execution;

import org.throughline.edge.OperationLimits;

import java.time.Duration;
import java.util.Set;

/**
 * How a {@link Gateway} serves its supergraph.
 *
 * @param overrideLabels     the named labels of progressive overrides ({@code @override(label:)}) to turn on; a
 *                           {@code percent(x)} label is on for x percent of requests
 * @param introspection      whether clients may introspect the API schema
 * @param limits             what one operation may ask
 * @param requestTimeout     how long one operation may take, all its fetches included
 * @param planCacheEntries   at most this many prepared operations are kept
 * @param planCacheCharacters at most this many characters of operation text are kept with them
 * @param subgraphErrors     how subgraphs' errors reach clients
 * @param telemetry          where spans and meters go
 * @param undeduplicated     the subgraphs whose identical query fetches in flight are each sent (all others share
 *                           one)
 */
public record GatewayOptions(Set<String> overrideLabels, boolean introspection, OperationLimits limits,
                             Duration requestTimeout, int planCacheEntries, long planCacheCharacters,
                             SubgraphErrors subgraphErrors, Telemetry telemetry, Set<String> undeduplicated) {

    public static final GatewayOptions DEFAULTS = new GatewayOptions(Set.of(), true, OperationLimits.DEFAULTS,
            Duration.ofSeconds(30), 10_000, 20_000_000, SubgraphErrors.MASKED, Telemetry.NONE, Set.of());

    public GatewayOptions {
        overrideLabels = Set.copyOf(overrideLabels);
        undeduplicated = Set.copyOf(undeduplicated);
    }

    public GatewayOptions withOverrideLabels(Set<String> labels) {
        return new GatewayOptions(labels, introspection, limits, requestTimeout, planCacheEntries, planCacheCharacters,
                subgraphErrors, telemetry, undeduplicated);
    }

    public GatewayOptions withLimits(OperationLimits operationLimits) {
        return new GatewayOptions(overrideLabels, introspection, operationLimits, requestTimeout, planCacheEntries,
                planCacheCharacters, subgraphErrors, telemetry, undeduplicated);
    }

    public GatewayOptions withTelemetry(Telemetry reporting) {
        return new GatewayOptions(overrideLabels, introspection, limits, requestTimeout, planCacheEntries,
                planCacheCharacters, subgraphErrors, reporting, undeduplicated);
    }

    public GatewayOptions withoutDeduplication(Set<String> subgraphs) {
        return new GatewayOptions(overrideLabels, introspection, limits, requestTimeout, planCacheEntries,
                planCacheCharacters, subgraphErrors, telemetry, subgraphs);
    }

    public GatewayOptions withRequestTimeout(Duration timeout) {
        return new GatewayOptions(overrideLabels, introspection, limits, timeout, planCacheEntries, planCacheCharacters,
                subgraphErrors, telemetry, undeduplicated);
    }
}
