package org.throughline.governance.client;

import io.smallrye.graphql.client.vertx.typesafe.VertxTypesafeGraphQLClientBuilder;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;

/**
 * The typed clients of plan-service and kpi-service, built here rather than by the SmallRye GraphQL client extension
 * because the extension has no setting for their connection pool (smallrye-graphql#2319): it keeps Vert.x's default
 * of five connections per service, so a sixth request of governance that reads upstream waited for one of them however
 * many worker threads were free (docs/benchmarks/load.md). The URLs are the extension's own properties, so the
 * launcher, the tests and the Kubernetes deployment configure them as before; the {@code @Header} of each interface
 * still carries the service account's token.
 */
@ApplicationScoped
public class UpstreamClients {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.smallrye-graphql-client.plan.url")
    URI planUrl;

    @ConfigProperty(name = "quarkus.smallrye-graphql-client.kpi.url")
    URI kpiUrl;

    /** How many connections governance keeps open to each upstream service at most: one per request it serves at once. */
    @ConfigProperty(name = "throughline.governance.upstream.connections", defaultValue = "64")
    int connections;

    @Produces
    @ApplicationScoped
    PlanGraph plan() {
        return client(PlanGraph.class, "plan", planUrl);
    }

    @Produces
    @ApplicationScoped
    KpiGraph kpis() {
        return client(KpiGraph.class, "kpi", kpiUrl);
    }

    private <T> T client(Class<T> api, String configKey, URI url) {
        return new VertxTypesafeGraphQLClientBuilder()
                .configKey(configKey)
                .endpoint(url)
                .vertx(vertx)
                .options(options())
                .build(api);
    }

    /** The HTTP options of every client of an upstream service, the {@link CompleteReads} too. */
    WebClientOptions options() {
        return new WebClientOptions().setMaxPoolSize(connections);
    }
}
