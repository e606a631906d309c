package org.throughline.launcher;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.throughline.launcher.TraceCollector.Received;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One operation is one trace across the platform: the gateway's request and its fetches, each service's handling of
 * the fetch sent to it, and governance's own calls into plan and kpi. The applications of the shared demo platform
 * export their spans over OTLP to a receiver in the tests' JVM, as they would to a collector.
 */
@ExtendWith(SharedPlatforms.class)
class TracingIT {

    private static TraceCollector collector;
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = SharedPlatforms.demo();
        collector = SharedPlatforms.traces();
    }

    private static Received await(Predicate<Received> wanted, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            for (Received span : collector.spans()) {
                if (wanted.test(span)) {
                    return span;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no span of " + what + " arrived; received: " + collector.spans());
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
        assertTrue(collector.spans().stream().anyMatch(span -> span.traceId().equals(served.traceId())
                && span.service().equals("governance-service") && !span.spanId().equals(served.spanId())),
                "governance's own client spans are in the trace");
    }
}
