package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.idl.RuntimeWiring;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway tells operators what it does: every subgraph fetch is a span under the operation's, whose W3C trace
 * context reaches the subgraph; operations and fetches are timed and counted by name, subgraph and outcome.
 */
class TelemetryOverHttpTest {

    private static final List<SpanData> FINISHED = new CopyOnWriteArrayList<>();
    private static final SpanExporter COLLECT = new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            FINISHED.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    };
    private static final OpenTelemetrySdk OTEL = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(COLLECT)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static Gateway gateway;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        SUBGRAPHS.startTopProducts(representation -> Map.of("__typename", "Product", "upc", representation.get("upc"),
                "name", "Table"));
        SUBGRAPHS.start("reviews", """
                type Product @key(fields: "upc") { upc: String! rating: Int! }
                """, RuntimeWiring.newRuntimeWiring().build(),
                representation -> Map.of("__typename", "Product", "upc", representation.get("upc"), "rating", 4));
        SUBGRAPHS.compose();
        gateway = SUBGRAPHS.gatewayWith(GatewayOptions.DEFAULTS.withTelemetry(new Telemetry(OTEL, METERS)),
                VertxSubgraphTransport.DEFAULT_RESPONSE_BOUND);
    }

    @AfterAll
    static void stop() {
        OTEL.close();
    }

    private static JsonNode run(String query, String operationName, Context context) throws Exception {
        return FederatedSubgraphs.JSON.valueToTree(gateway.execute(new GraphQLRequest(query, operationName, Map.of()),
                Map.of(), false, Caller.UNCHECKED, context).toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    @Test
    void eachFetchIsASpanUnderTheOperationsAndTheSubgraphContinuesItsTrace() throws Exception {
        Span operation = OTEL.getTracer("test").spanBuilder("POST /graphql").setSpanKind(SpanKind.SERVER).startSpan();
        JsonNode response = run("query Ratings { topProducts { name rating } }", "Ratings",
                Context.root().with(operation));
        operation.end();
        assertFalse(response.has("errors"), response.toString());
        String trace = operation.getSpanContext().getTraceId();
        List<SpanData> fetches = FINISHED.stream().filter(span -> span.getTraceId().equals(trace)
                && span.getName().startsWith("fetch ")).toList();
        assertEquals(List.of("fetch products", "fetch reviews"), fetches.stream().map(SpanData::getName).sorted().toList());
        for (SpanData fetch : fetches) {
            assertEquals(operation.getSpanContext().getSpanId(), fetch.getParentSpanId());
            assertEquals(SpanKind.CLIENT, fetch.getKind());
        }
        SpanData products = fetches.stream().filter(span -> span.getName().equals("fetch products")).findFirst().orElseThrow();
        SpanData reviews = fetches.stream().filter(span -> span.getName().equals("fetch reviews")).findFirst().orElseThrow();
        assertEquals(List.of("00-" + trace + "-" + products.getSpanId() + "-01"), SUBGRAPHS.get("products").traceparents());
        assertEquals(List.of("00-" + trace + "-" + reviews.getSpanId() + "-01"), SUBGRAPHS.get("reviews").traceparents());
        SpanData named = FINISHED.stream().filter(span -> span.getSpanId().equals(operation.getSpanContext().getSpanId()))
                .findFirst().orElseThrow();
        assertEquals("Ratings", named.getAttributes().get(Telemetry.OPERATION));
    }

    @Test
    void aFailedFetchIsAnErrorSpanAndCountsUnderItsCode() throws Exception {
        SUBGRAPHS.get("reviews").failWithStatus = 503;
        try {
            Span operation = OTEL.getTracer("test").spanBuilder("POST /graphql").startSpan();
            run("query Failing { topProducts { rating } }", "Failing", Context.root().with(operation));
            operation.end();
            SpanData failed = FINISHED.stream().filter(span -> span.getTraceId()
                    .equals(operation.getSpanContext().getTraceId()) && span.getName().equals("fetch reviews"))
                    .findFirst().orElseThrow();
            assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
            assertEquals("SUBREQUEST_HTTP_ERROR", failed.getStatus().getDescription());
            assertTrue(METERS.get("throughline.gateway.subgraph.fetches").tags("subgraph", "reviews", "outcome",
                    "SUBREQUEST_HTTP_ERROR").timer().count() >= 1);
            // rating is non-null all the way up to topProducts: nothing is left of the data.
            assertTrue(METERS.get("throughline.gateway.operations").tags("operation", "Failing", "outcome", "failed")
                    .timer().count() >= 1);
        } finally {
            SUBGRAPHS.get("reviews").failWithStatus = 0;
        }
    }

    @Test
    void operationsAreCountedByNameAndOutcomeAndTheCacheByHitsAndMisses() throws Exception {
        run("query Names { topProducts { name } }", "Names", Context.root());
        run("query Names { topProducts { name } }", "Names", Context.root());
        run("{ nonsense }", null, Context.root());
        assertEquals(2, METERS.get("throughline.gateway.operations").tags("operation", "Names", "outcome", "ok")
                .timer().count());
        assertEquals(1, METERS.get("throughline.gateway.operations").tags("operation", "unnamed", "outcome", "refused")
                .timer().count());
        assertTrue(METERS.get("throughline.gateway.subgraph.fetches").tags("subgraph", "products", "outcome", "ok")
                .timer().totalTime(TimeUnit.NANOSECONDS) > 0);
        assertTrue(METERS.get("throughline.gateway.operation.cache").tags("result", "hit").counter().count() >= 1);
        assertTrue(METERS.get("throughline.gateway.operation.cache").tags("result", "miss").counter().count() >= 2);
    }

    @Test
    void withoutTracingTheClientsTraceContextIsForwardedAsItCame() throws Exception {
        Gateway untraced = SUBGRAPHS.gatewayWith(GatewayOptions.DEFAULTS, VertxSubgraphTransport.DEFAULT_RESPONSE_BOUND);
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        untraced.execute(new GraphQLRequest("{ topProducts { name } }", null, Map.of()),
                Map.of("traceparent", traceparent)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(traceparent), SUBGRAPHS.get("products").traceparents());
    }
}
