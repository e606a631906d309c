package org.throughline.gateway.http;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.throughline.gateway.GatewayConfig;
import org.throughline.gateway.execution.PreparationWorkers;

import java.time.Duration;

/**
 * The gateway is alive while it can still prepare a new operation: once every preparation worker has been at one
 * operation for longer than an operation may take, none will be free again by itself (each stops at its
 * operation's deadline, so this only happens through a fault), and a restart is what helps.
 */
@Liveness
@ApplicationScoped
public class PreparationLiveness implements HealthCheck {

    private final PreparationWorkers workers;
    private final Duration requestTimeout;

    @jakarta.inject.Inject
    public PreparationLiveness(PreparationWorkers workers, GatewayConfig config) {
        this(workers, config.resolvedRequestTimeout());
    }

    PreparationLiveness(PreparationWorkers workers, Duration requestTimeout) {
        this.workers = workers;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public HealthCheckResponse call() {
        int stuck = workers.busyLongerThan(requestTimeout);
        return HealthCheckResponse.named("operation preparation").status(stuck < workers.size())
                .withData("workers", workers.size()).withData("busy", workers.busy())
                .withData("busyLongerThanTheRequestTimeout", stuck).build();
    }
}
