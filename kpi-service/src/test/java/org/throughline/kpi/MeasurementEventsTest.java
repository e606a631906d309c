package org.throughline.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.throughline.subgraph.events.EventFeed;
import org.throughline.subgraph.events.FeedPosition;
import org.throughline.subgraph.events.OutboxEvent;
import org.throughline.testing.EmbeddedPostgresResource;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.recordMeasurement;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/**
 * Every value recorded is an event of the KPI, written with it: one per measurement or correction, one per KPI for a
 * batch (not one per row), none for a retry that records nothing new or for a batch refused.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi_events"))
class MeasurementEventsTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventFeed feed;

    private List<OutboxEvent> eventsAfter(FeedPosition position) throws Exception {
        return feed.after(position, EventFeed.PAGE).events();
    }

    private static JsonNode payload(OutboxEvent event) throws Exception {
        return JSON.readTree(event.payload());
    }

    private static void batch(String key, String body, int status) {
        given().contentType("application/x-ndjson").header("Idempotency-Key", key)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/measurements/batches").then().log().ifValidationFails().statusCode(status);
    }

    private static String line(String kpi, LocalDate day, double value) {
        return "{\"kpiId\": \"" + kpi + "\", \"observedAt\": \"" + day + "\", \"value\": " + value + "}\n";
    }

    @Test
    void aMeasurementAndItsCorrectionAreEventsOfTheKpiAndARetriedRecordingIsNone() throws Exception {
        String kpi = createKpi("Evented lead time", "SALES");
        FeedPosition before = feed.head();
        String measured = recordMeasurement(kpi, 12.5, TODAY.minusDays(1).toString(), "evented-1")
                .body("errors", nullValue()).extract().path("data.recordMeasurement.id");
        recordMeasurement(kpi, 12.5, TODAY.minusDays(1).toString(), "evented-1").body("errors", nullValue());
        graphql("""
                mutation Fix($id: ID!) { correctMeasurement(measurementId: $id, value: 21.5, reason: "Digits swapped") { id } }
                """, Map.of("id", measured)).body("errors", nullValue());

        List<OutboxEvent> events = eventsAfter(before);
        assertEquals(List.of("MeasurementRecorded", "MeasurementCorrected"), events.stream().map(OutboxEvent::type).toList());
        assertEquals(List.of("Kpi", "Kpi"), events.stream().map(OutboxEvent::aggregateType).toList());
        assertEquals(kpi, events.get(0).aggregateId());
        assertEquals(measured, payload(events.get(0)).get("measurementId").asText());
        assertEquals(12.5, payload(events.get(0)).get("value").asDouble());
        assertEquals(TODAY.minusDays(1).toString(), payload(events.get(0)).get("observedAt").asText());
        assertEquals(measured, payload(events.get(1)).get("correctionOf").asText());
        assertEquals("Digits swapped", payload(events.get(1)).get("reason").asText());
    }

    @Test
    void aBatchIsOneEventPerKpiWithTheDaysItCoversAndARefusedBatchIsNone() throws Exception {
        String sales = createKpi("Evented batch sales", "SALES");
        String finance = createKpi("Evented batch finance", "FINANCE");
        FeedPosition before = feed.head();
        batch("evented-batch", line(sales, TODAY.minusDays(3), 1) + line(sales, TODAY.minusDays(2), 2)
                + line(finance, TODAY.minusDays(1), 3), 200);
        batch("evented-refused", line(sales, TODAY.plusDays(30), 4), 422);
        batch("evented-batch", line(sales, TODAY.minusDays(3), 1) + line(sales, TODAY.minusDays(2), 2)
                + line(finance, TODAY.minusDays(1), 3), 200);

        List<OutboxEvent> events = eventsAfter(before);
        assertEquals(2, events.size(), events.toString());
        assertEquals(List.of(sales, finance), events.stream().map(OutboxEvent::aggregateId).toList());
        JsonNode salesBatch = payload(events.get(0));
        assertEquals("MeasurementsRecorded", events.get(0).type());
        assertEquals(2, salesBatch.get("values").asInt());
        assertEquals(TODAY.minusDays(3).toString(), salesBatch.get("firstDay").asText());
        assertEquals(TODAY.minusDays(2).toString(), salesBatch.get("lastDay").asText());
        assertEquals("evented-batch", salesBatch.get("batchKey").asText());
    }
}
