package org.throughline.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.GraphQLWebSocket;
import org.throughline.testing.PostgresServer;
import org.throughline.testing.ServiceProcess;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.measure;

/**
 * Two replicas of kpi-service on one database, as Kubernetes runs them: a value recorded through one reaches the
 * subscribers of both, because each replica reads every event from the outbox rather than only its own.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance_replicas"))
@WithTestResource(PlanAndKpiServices.class)
class ReplicasTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;

    private static GraphQLWebSocket subscribe(String graphqlUrl, String kpi) {
        GraphQLWebSocket subscriber = GraphQLWebSocket.open(URI.create(graphqlUrl.replaceFirst("^http", "ws")), Map.of())
                .init(Map.of(), WITHIN);
        subscriber.subscribe("kpi", """
                subscription Followed($ids: [ID!]) { kpiEvents(filter: { kpiIds: $ids }) { change value kpi { id } } }
                """, Map.of("ids", List.of(kpi)));
        return subscriber;
    }

    @Test
    void aValueRecordedThroughOneReplicaReachesTheSubscribersOfEveryReplica() {
        PostgresServer postgres = EmbeddedPostgresResource.sharedServer();
        try (ServiceProcess second = ServiceProcess.start(Path.of("..").toAbsolutePath().normalize(), "kpi-service",
                0, Map.of("quarkus.datasource.jdbc.url", postgres.jdbcUrl(PlanAndKpiServices.KPI_DATABASE),
                        "quarkus.datasource.username", PostgresServer.USER, "quarkus.datasource.password", "",
                        "throughline.security.insecure", "true", "quarkus.oidc.tenant-enabled", "false"),
                Path.of("target", "upstream-logs", "replica"))) {
            second.awaitReady(Duration.ofSeconds(180));
            String kpi = GovernanceFixture.kpi(kpiUrl, "Replicated turnaround", 7);
            try (GraphQLWebSocket onFirst = subscribe(kpiUrl, kpi);
                 GraphQLWebSocket onSecond = subscribe(second.url("/graphql"), kpi)) {
                // Each subscription has started once it received a value recorded through the first replica.
                JsonNode[] received = {onFirst.awaitStarted(() -> measure(kpiUrl, kpi, 1, TODAY), WITHIN), null};
                received[1] = onSecond.awaitStarted(() -> measure(kpiUrl, kpi, 2, TODAY), WITHIN);
                for (JsonNode message : received) {
                    assertNotNull(message, "a value recorded through the first replica reached both");
                    JsonNode event = message.at("/payload/data/kpiEvents");
                    assertEquals("MEASURED", event.get("change").asText(), message.toString());
                    assertEquals(kpi, event.at("/kpi/id").asText());
                }
            }
        }
    }
}
