package org.throughline.gateway.execution;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;

class InFlightFetchesTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void close() throws Exception {
        VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFetchThatJoinedAnotherGetsTheSameAnswerMarkedSharedOnItsOwnEventLoop() throws Exception {
        InFlightFetches inFlight = new InFlightFetches();
        Context first = ((VertxInternal) VERTX).createEventLoopContext();
        Context second = ((VertxInternal) VERTX).createEventLoopContext();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        CompletableFuture<Context> firstAnsweredOn = new CompletableFuture<>();
        CompletableFuture<Context> secondAnsweredOn = new CompletableFuture<>();
        CompletableFuture<InFlightFetches.Answer> firstGot = new CompletableFuture<>();
        CompletableFuture<InFlightFetches.Answer> secondGot = new CompletableFuture<>();
        CompletableFuture<Void> joined = new CompletableFuture<>();

        CompletableFuture<Void> sent = new CompletableFuture<>();
        first.runOnContext(v -> {
            inFlight.fetch("reviews", "{ reviews { id } }", Map.of(), Map.of(), () -> {
            }, () -> answer).thenAccept(body -> {
                firstAnsweredOn.complete(Vertx.currentContext());
                firstGot.complete(body);
            });
            sent.complete(null);
        });
        sent.get(5, TimeUnit.SECONDS);
        second.runOnContext(v -> inFlight.fetch("reviews", "{ reviews { id } }", Map.of(), Map.of(),
                () -> joined.complete(null), () -> {
                    throw new AssertionError("an identical fetch on its way is not sent again");
                }).thenAccept(body -> {
            secondAnsweredOn.complete(Vertx.currentContext());
            secondGot.complete(body);
        }));
        joined.get(5, TimeUnit.SECONDS);
        // The subgraph's answer arrives on the first fetch's event loop, as the HTTP client delivers it.
        first.runOnContext(v -> answer.complete(Map.of("data", Map.of("reviews", List.of(Map.of("id", "r1"))))));

        assertSame(first, firstAnsweredOn.get(5, TimeUnit.SECONDS));
        assertSame(second, secondAnsweredOn.get(5, TimeUnit.SECONDS));
        // One answer for both, read-only for both: each operation copies what it merges of it.
        assertSame(firstGot.get().body(), secondGot.get().body());
        assertTrue(firstGot.get().shared());
        assertTrue(secondGot.get().shared());
    }

    @Test
    void aFetchNobodyJoinedGetsItsAnswerAsItsOwn() throws Exception {
        InFlightFetches inFlight = new InFlightFetches();
        Map<String, Object> body = Map.of("data", Map.of("reviews", List.of()));

        InFlightFetches.Answer answer = inFlight.fetch("reviews", "{ reviews { id } }", Map.of(), Map.of(), () -> {
            throw new AssertionError("nothing to join");
        }, () -> CompletableFuture.completedFuture(body)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertSame(body, answer.body());
        assertFalse(answer.shared());
        assertEquals(0, inFlight.size());
    }
}
