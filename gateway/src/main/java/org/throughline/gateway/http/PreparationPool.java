package org.throughline.gateway.http;

import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.throughline.gateway.GatewayConfig;
import org.throughline.gateway.execution.PreparationWorkers;

/** The gateway's one pool of workers that prepare operations, closed with the application. */
public class PreparationPool {

    @Produces
    @Singleton
    PreparationWorkers preparationWorkers(Vertx vertx, GatewayConfig config) {
        int threads = config.preparationThreads().orElse(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        return new PreparationWorkers(vertx, threads,
                config.resolvedRequestTimeout());
    }

    void close(@Disposes PreparationWorkers workers) {
        workers.close();
    }
}
