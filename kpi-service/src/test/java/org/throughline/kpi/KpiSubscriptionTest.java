package org.throughline.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.GraphQLWebSocket;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.measure;

/** A front end follows the KPIs it shows: each value recorded arrives with the KPI's new current value and status. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi_live"))
class KpiSubscriptionTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void aSubscriberToSomeKpisReceivesEachOfTheirValuesWithTheKpisNewCurrentValueAndStatusAndNothingOfOthers()
            throws Exception {
        String followed = createKpi("Followed turnaround", "SALES");
        String other = createKpi("Unfollowed turnaround", "SALES");
        URI socket = URI.create(graphql.toString().replaceFirst("^http", "ws"));
        try (GraphQLWebSocket subscriber = GraphQLWebSocket.open(socket, Map.of()).init(Map.of(), WITHIN)) {
            subscriber.subscribe("kpis", """
                    subscription Followed($ids: [ID!]) {
                      kpiEvents(filter: { kpiIds: $ids }) {
                        change value observedAt position
                        kpi { id name currentValue analytics { status } }
                      }
                    }
                    """, Map.of("ids", List.of(followed)));
            subscriber.awaitStarted(() -> measure(followed, 1.0, TODAY.minusDays(1).toString()), WITHIN);
            measure(other, 3.0, TODAY.toString());
            String measurement = measure(followed, 17.5, TODAY.toString());

            JsonNode message = subscriber.next(WITHIN);
            while (message.at("/payload/data/kpiEvents/observedAt").asText().equals(TODAY.minusDays(1).toString())) {
                message = subscriber.next(WITHIN);   // a value that started the subscription
            }
            assertEquals("next", message.get("type").asText(), message.toString());
            JsonNode event = message.at("/payload/data/kpiEvents");
            assertEquals("MEASURED", event.get("change").asText());
            assertEquals(17.5, event.get("value").asDouble());
            assertEquals(TODAY.toString(), event.get("observedAt").asText());
            assertEquals(followed, event.at("/kpi/id").asText(), "the other KPI's value was not sent");
            assertEquals("Followed turnaround", event.at("/kpi/name").asText());
            assertEquals(17.5, event.at("/kpi/currentValue").asDouble());
            assertEquals(false, event.at("/kpi/analytics/status").isMissingNode(), event.toString());
            assertEquals(false, message.at("/payload/errors").isArray(), message.toString());
        }
    }
}
