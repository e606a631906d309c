package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.throughline.testing.GraphQLWebSocket;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscriptions through the gateway to our own subgraphs, as separate processes secured by Keycloak: the gateway
 * subscribes to governance's {@code signalEvents} over graphql-ws under the caller's token, and completes each
 * event with the KPI's fields from kpi-service. On the shared writable demo platform: the KPIs it makes are its own.
 */
@ExtendWith(SharedPlatforms.class)
class FederatedSubscriptionsIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatforms.writableDemo();
    }

    /** A KPI of sales-steward's that is already stale: its one measurement is 20 days old on a weekly cadence. */
    private static String staleKpi(String name) {
        String kpi = platform.clientAs("sales-steward").data("""
                mutation K($kpi: NewKpi!) { createKpi(kpi: $kpi) { id } }
                """, Map.of("kpi", Map.ofEntries(Map.entry("name", name), Map.entry("unit", "COUNT"),
                Map.entry("direction", "HIGHER_IS_BETTER"), Map.entry("kind", "LEAD"),
                Map.entry("businessFunction", "SALES"), Map.entry("baselineValue", 0.0),
                Map.entry("baselineDate", TODAY.minusDays(100).toString()), Map.entry("targetValue", 100.0),
                Map.entry("targetDate", TODAY.plusDays(100).toString()), Map.entry("measurementCadenceDays", 7),
                Map.entry("accountableOwner", "sales-steward")))).at("/createKpi/id").asText();
        platform.clientAs("sales-steward").data("""
                mutation V($kpi: ID!, $day: Date!) {
                  recordMeasurement(measurement: { kpiId: $kpi, value: 5, observedAt: $day }) { id }
                }
                """, Map.of("kpi", kpi, "day", TODAY.minusDays(20).toString()));
        return kpi;
    }

    @Test
    void aSignalEventThroughTheGatewayComesBackWithTheKpisFieldsFromKpiService() {
        URI socket = URI.create(platform.gatewayUrl().replaceFirst("^http", "ws"));
        AtomicInteger created = new AtomicInteger();
        try (GraphQLWebSocket subscriber = GraphQLWebSocket.open(socket, Map.of())
                .init(Map.of("Authorization", platform.bearer("cfo")), WITHIN)) {
            subscriber.subscribe("stale", """
                    subscription Stale {
                      signalEvents(filter: { kinds: [STALE_KPI] }) {
                        change signal { kind subjectId kpi { name accountableOwner analytics { status } } }
                      }
                    }
                    """, Map.of());

            // The protocol does not say when the gateway's subscription to governance has started: a stale KPI is
            // made until one's event arrives.
            JsonNode first = subscriber.awaitStarted(() -> staleKpi("Subscribed quotes " + created.incrementAndGet()),
                    WITHIN);

            assertEquals("next", first.path("type").asText(), first.toString());
            JsonNode event = first.at("/payload/data/signalEvents");
            assertEquals("RAISED", event.path("change").asText(), first.toString());
            assertEquals("STALE_KPI", event.at("/signal/kind").asText());
            assertTrue(event.at("/signal/kpi/name").asText().startsWith("Subscribed quotes "), first.toString());
            assertEquals("sales-steward", event.at("/signal/kpi/accountableOwner").asText());
            assertTrue(event.at("/signal/kpi/analytics/status").isTextual(), first.toString());
            assertTrue(first.at("/payload/errors").isMissingNode(), first.toString());
        }
    }
}
