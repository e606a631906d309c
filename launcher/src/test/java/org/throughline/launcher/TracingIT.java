package org.throughline.launcher;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One operation is one trace across the platform: the gateway's request and its fetches, each service's handling of
 * the fetch sent to it, and governance's own calls into plan and kpi. The applications export their spans over
 * OTLP to a receiver in this test, as they would to a collector.
 */
class TracingIT {

    /** One span as a collector receives it, with the service that sent it. */
    record Received(String service, String traceId, String spanId, String parentSpanId, String name) {
    }

    private static final List<Received> SPANS = new CopyOnWriteArrayList<>();
    private static HttpServer collector;
    private static Platform platform;

    @BeforeAll
    static void start() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = resource.getResource().getAttributesList().stream()
                        .filter(attribute -> attribute.getKey().equals("service.name")).map(KeyValue::getValue)
                        .map(value -> value.getStringValue()).findFirst().orElse("?");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    scope.getSpansList().forEach(span -> SPANS.add(new Received(service,
                            HexFormat.of().formatHex(span.getTraceId().toByteArray()),
                            HexFormat.of().formatHex(span.getSpanId().toByteArray()),
                            HexFormat.of().formatHex(span.getParentSpanId().toByteArray()), span.getName())));
                }
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        collector.start();
        Path home = Path.of(System.getProperty("throughline.home", "..")).toAbsolutePath().normalize();
        platform = new Platform(home, Platform.Ports.free(), null, Path.of("target", "tracing-logs"))
                .exportTracesTo("http://127.0.0.1:" + collector.getAddress().getPort()).start();
        new DemoData(platform, java.time.LocalDate.now()).loadUnlessPresent();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (collector != null) {
            collector.stop(0);
        }
    }

    private static Received await(Predicate<Received> wanted, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            for (Received span : SPANS) {
                if (wanted.test(span)) {
                    return span;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no span of " + what + " arrived; received: " + SPANS);
    }

    @Test
    void anOperationIsOneTraceFromTheClientThroughTheGatewaysFetchesIntoEveryService() throws Exception {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String clientSpan = "00f067aa0ba902b7";
        // A tethered commitment's milestone (plan) and KPI (kpi): governance answers first, the rest follows.
        given().contentType(ContentType.JSON).header("Authorization", platform.bearer("cfo"))
                .header("traceparent", "00-" + trace + "-" + clientSpan + "-01")
                .body(Map.of("query", "query Traced { commitments { id milestone { title } kpi { name } } }",
                        "operationName", "Traced"))
                .when().post(platform.gatewayUrl())
                .then().statusCode(200).body("errors", nullValue());

        Received request = await(span -> span.traceId().equals(trace) && span.service().equals("gateway")
                && span.parentSpanId().equals(clientSpan), "the gateway's request under the client's span");
        for (String subgraph : List.of("governance", "plan", "kpi")) {
            Received fetch = await(span -> span.traceId().equals(trace) && span.name().equals("fetch " + subgraph),
                    "the gateway's fetch from " + subgraph);
            assertEquals("gateway", fetch.service());
            assertEquals(request.spanId(), fetch.parentSpanId(), "the fetch from " + subgraph + " is the request's child");
            Received served = await(span -> span.traceId().equals(trace) && span.parentSpanId().equals(fetch.spanId()),
                    subgraph + "-service serving the fetch");
            assertEquals(subgraph + "-service", served.service());
        }
    }

    @Test
    void governancesOwnCallsIntoPlanAndKpiAreTracedToo() throws Exception {
        // The evaluation's own trace: the demo's load left other fetches of governance in the collector.
        String trace = "5cf92f3577b34da6a3ce929d0e0e4737";
        given().contentType(ContentType.JSON).header("Authorization", platform.bearer("pmo-lead"))
                .header("traceparent", "00-" + trace + "-00f067aa0ba902b8-01")
                .body(Map.of("query", "mutation { evaluateSignals { open } }"))
                .when().post(platform.gatewayUrl())
                .then().statusCode(200).body("errors", nullValue());
        Received evaluation = await(span -> span.traceId().equals(trace) && span.service().equals("gateway")
                && span.name().equals("fetch governance"), "the gateway's fetch of the evaluation");
        Received served = await(span -> span.parentSpanId().equals(evaluation.spanId()), "governance serving it");
        // Below governance's handling, its calls to plan and kpi arrive there as children in the same trace.
        for (String upstream : List.of("plan-service", "kpi-service")) {
            await(span -> span.service().equals(upstream) && span.traceId().equals(served.traceId()),
                    upstream + " answering governance within the trace");
        }
        assertTrue(SPANS.stream().anyMatch(span -> span.traceId().equals(served.traceId())
                && span.service().equals("governance-service") && !span.spanId().equals(served.spanId())),
                "governance's own client spans are in the trace");
    }
}
