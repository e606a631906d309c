package org.throughline.gateway.http;

import io.vertx.core.Vertx;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.execution.PreparationWorkers;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liveness reports the gateway down exactly while every preparation worker is held past the request timeout. */
class PreparationLivenessTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static void await(BooleanSupplier state) throws InterruptedException {
        for (int i = 0; i < 1_000 && !state.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(state.getAsBoolean(), "the state was not reached");
    }

    @Test
    void aGatewayWhoseEveryWorkerIsHeldPastTheTimeoutIsDownAndUpAgainOnceOneIsFree() throws Exception {
        PreparationWorkers workers = new PreparationWorkers(vertx, 2, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        Runnable held = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        workers.execute(held);
        await(() -> workers.busy() == 1);
        // One of two held: still alive, whatever the timeout.
        assertEquals(HealthCheckResponse.Status.UP, new PreparationLiveness(workers, Duration.ofNanos(1)).call()
                .getStatus());
        workers.execute(held);
        await(() -> workers.busy() == 2);
        await(() -> workers.busyLongerThan(Duration.ofNanos(1)) == 2);
        HealthCheckResponse stuck = new PreparationLiveness(workers, Duration.ofNanos(1)).call();
        assertEquals(HealthCheckResponse.Status.DOWN, stuck.getStatus());
        assertEquals(2L, stuck.getData().orElseThrow().get("busyLongerThanTheRequestTimeout"));
        // Both busy, but not for longer than an operation may take: alive.
        assertEquals(HealthCheckResponse.Status.UP, new PreparationLiveness(workers, Duration.ofHours(1)).call()
                .getStatus());
        release.countDown();
        await(() -> workers.busy() == 0);
        assertEquals(HealthCheckResponse.Status.UP, new PreparationLiveness(workers, Duration.ofNanos(1)).call()
                .getStatus());
        workers.close();
    }
}
