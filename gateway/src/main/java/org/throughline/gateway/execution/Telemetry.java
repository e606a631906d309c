package org.throughline.gateway.execution;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway tells operators: a span for each subgraph fetch of a plan, child of the operation's span, whose
 * W3C trace context goes to the subgraph; and Micrometer meters for operations (by name and outcome), subgraph
 * fetches (by subgraph and outcome) and the operation cache.
 */
public final class Telemetry {

    /** Nothing traced; meters kept in memory only. For gateways built outside the application, as in tests. */
    public static final Telemetry NONE = new Telemetry(OpenTelemetry.noop(), new SimpleMeterRegistry());

    /** Operation names become a tag; past this many distinct ones, the rest count as {@code other}. */
    static final int OPERATION_NAMES = 500;
    static final AttributeKey<String> SUBGRAPH = AttributeKey.stringKey("graphql.federation.subgraph");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("graphql.operation.name");

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final MeterRegistry registry;
    private final Set<String> operationNames = ConcurrentHashMap.newKeySet();
    /** Meters by their tags, registered once: looking them up in the registry per request showed in profiles. */
    /** By subgraph or operation name, then outcome: looked up on every request without building a key. */
    private final Map<String, Map<String, Timer>> fetchTimers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Timer>> operationTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> sharedCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> cacheCounters = new ConcurrentHashMap<>();

    public Telemetry(OpenTelemetry openTelemetry, MeterRegistry registry) {
        this.tracer = openTelemetry.getTracer("org.throughline.gateway");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.registry = registry;
    }

    /** The span of one fetch to a subgraph; the caller ends it. */
    Span startFetch(Context operation, String subgraph) {
        return tracer.spanBuilder("fetch " + subgraph).setParent(operation).setSpanKind(SpanKind.CLIENT)
                .setAttribute(SUBGRAPH, subgraph).startSpan();
    }

    /** The headers to send with a fetch: those forwarded, with the fetch's trace context when it is traced. */
    Map<String, String> withTraceContext(Span fetch, Context operation, Map<String, String> headers) {
        if (!fetch.getSpanContext().isValid()) {
            return headers;
        }
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.remove("traceparent");
        sent.remove("tracestate");
        propagator.inject(operation.with(fetch), sent, (carrier, key, value) -> carrier.put(key, value));
        return sent;
    }

    static void end(Span fetch, String failureCode) {
        if (failureCode != null) {
            fetch.setStatus(StatusCode.ERROR, failureCode);
        }
        fetch.end();
    }

    /** Names the operation on its span (the HTTP request's, when traced). */
    static void nameOperation(Context operation, String name) {
        if (name != null) {
            Span.fromContext(operation).setAttribute(OPERATION, name);
        }
    }

    void recordFetch(String subgraph, String outcome, long nanos) {
        fetchTimers.computeIfAbsent(subgraph, key -> new ConcurrentHashMap<>()).computeIfAbsent(outcome,
                key -> Timer.builder("throughline.gateway.subgraph.fetches").description("Fetches sent to subgraphs")
                .tag("subgraph", subgraph).tag("outcome", outcome).publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void recordOperation(String name, String outcome, long nanos) {
        String tag = name == null || name.isEmpty() ? "unnamed"
                : operationNames.contains(name) || (operationNames.size() < OPERATION_NAMES && operationNames.add(name))
                ? name : "other";
        operationTimers.computeIfAbsent(tag, key -> new ConcurrentHashMap<>()).computeIfAbsent(outcome,
                key -> Timer.builder("throughline.gateway.operations")
                        .description("GraphQL operations answered by the gateway")
                .tag("operation", tag).tag("outcome", outcome).publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void recordDeduplicated(String subgraph) {
        sharedCounters.computeIfAbsent(subgraph, key -> Counter.builder(
                        "throughline.gateway.subgraph.fetches.shared").description("Fetches that waited for an "
                        + "identical one in flight instead of being sent").tag("subgraph", subgraph).register(registry))
                .increment();
    }

    void recordCache(String result) {
        cacheCounters.computeIfAbsent(result, key -> Counter.builder("throughline.gateway.operation.cache")
                .description("Lookups and evictions of prepared operations").tag("result", result).register(registry))
                .increment();
    }
}
