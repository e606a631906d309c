package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.VertxInternal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.supergraph.Subgraph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The HTTP side of subgraph fetches: which connection carries a fetch, and on which thread its answer is read. */
class VertxSubgraphTransportTest {

    private static Vertx vertx;
    private static HttpServer server;
    /** For each connection the subgraph accepted (by the gateway's port), the threads whose fetches it carried. */
    private static final Map<Integer, Set<String>> sendersByConnection = new ConcurrentHashMap<>();

    @BeforeAll
    static void startSubgraph() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
                {
                    sendersByConnection.computeIfAbsent(request.remoteAddress().port(),
                            port -> ConcurrentHashMap.newKeySet()).add(request.getHeader("x-sent-from"));
                    request.response().putHeader("content-type", "application/json")
                            .end("{\"data\":{\"ok\":true}}");
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void fetchesFromEachEventLoopGoOverThatLoopsOwnConnectionsAndAreAnsweredOnItsThread() throws Exception {
        VertxSubgraphTransport transport = new VertxSubgraphTransport(vertx, new ObjectMapper(),
                subgraph -> Duration.ofSeconds(5));
        Subgraph subgraph = new Subgraph("S", "s", "http://127.0.0.1:" + server.actualPort() + "/graphql");
        // Two contexts on the two event loops; fetches one after the other, so that a connection is always free.
        // (getOrCreateContext would give this thread's one context twice.)
        VertxInternal internal = (VertxInternal) vertx;
        List<Context> loops = List.of(internal.createEventLoopContext(), internal.createEventLoopContext());
        List<String> answeredOn = new ArrayList<>();
        List<String> sentFrom = new ArrayList<>();
        try {
            for (int round = 0; round < 6; round++) {
                Context loop = loops.get(round % 2);
                CompletableFuture<String> done = new CompletableFuture<>();
                loop.runOnContext(ignored -> {
                    String thread = Thread.currentThread().getName();
                    sentFrom.add(thread);
                    transport.send(subgraph, "{ ok }", Map.of(), Map.of("x-sent-from", thread))
                            .whenComplete((answer, failure) -> {
                                if (failure != null) {
                                    done.completeExceptionally(failure);
                                } else {
                                    done.complete(answer.equals(Map.of("data", Map.of("ok", true)))
                                            ? Thread.currentThread().getName() : "wrong answer " + answer);
                                }
                            });
                });
                answeredOn.add(done.get(10, TimeUnit.SECONDS));
            }
        } finally {
            transport.close();
        }

        assertEquals(2, Set.copyOf(sentFrom).size(), "the fetches came from both event loops: " + sentFrom);
        assertEquals(sentFrom, answeredOn);
        // Vert.x's shared pool would hand the first loop's idle connection to the second: every answer then read on
        // one loop and passed across to the other.
        assertEquals(List.of(1, 1), sendersByConnection.values().stream().map(Set::size).toList(),
                "how many event loops' fetches each connection carried: " + sendersByConnection);
    }
}
