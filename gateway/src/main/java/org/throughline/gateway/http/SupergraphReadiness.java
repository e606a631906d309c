package org.throughline.gateway.http;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.throughline.gateway.SupergraphHolder;

/** The gateway is ready once it serves a supergraph. */
@Readiness
@ApplicationScoped
public class SupergraphReadiness implements HealthCheck {

    private final SupergraphHolder holder;

    public SupergraphReadiness(SupergraphHolder holder) {
        this.holder = holder;
    }

    @Override
    public HealthCheckResponse call() {
        return holder.gateway().isPresent()
                ? HealthCheckResponse.named("supergraph").up()
                        .withData("subgraphs", holder.gateway().get().supergraph().subgraphs().size()).build()
                : HealthCheckResponse.named("supergraph").down().withData("problem", holder.problem()).build();
    }
}
