package org.throughline.launcher;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Receives the applications' spans over OTLP (HTTP, protobuf) as a collector would, and keeps them: the shared demo
 * platform exports its traces here for TracingIT.
 */
final class TraceCollector implements AutoCloseable {

    /** One span as a collector receives it, with the service that sent it. */
    record Received(String service, String traceId, String spanId, String parentSpanId, String name) {
    }

    private final Queue<Received> spans = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    private TraceCollector(HttpServer server) {
        this.server = server;
    }

    /** Listens on a port of the loopback interface that the system chooses. */
    static TraceCollector start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the trace collector cannot listen", e);
        }
        TraceCollector collector = new TraceCollector(server);
        server.createContext("/", exchange -> {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = resource.getResource().getAttributesList().stream()
                        .filter(attribute -> attribute.getKey().equals("service.name")).map(KeyValue::getValue)
                        .map(value -> value.getStringValue()).findFirst().orElse("?");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    scope.getSpansList().forEach(span -> collector.spans.add(new Received(service,
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
        server.start();
        return collector;
    }

    /** Where the applications send their spans. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The spans received so far, oldest first, and those received while the caller reads them. */
    Collection<Received> spans() {
        return Collections.unmodifiableCollection(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
