package org.throughline.kpi;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.measure;
import static org.throughline.kpi.KpiFixture.measurementCount;
import static org.throughline.kpi.KpiFixture.recordMeasurement;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class MeasurementTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private static String share(String name) {
        return createKpi("name", name, "unit", "PERCENT", "direction", "HIGHER_IS_BETTER", "baselineValue", 35.0,
                "targetValue", 95.0, "validMin", 0.0, "validMax", 100.0);
    }

    private static io.restassured.response.ValidatableResponse correct(String measurement, double value, String reason) {
        return graphql("""
                mutation Fix($id: ID!, $value: Float!, $reason: String!) {
                  correctMeasurement(measurementId: $id, value: $value, reason: $reason) {
                    id value observedAt reason correctionOf { id value }
                  }
                }
                """, Map.of("id", measurement, "value", value, "reason", reason));
    }

    @Test
    void aValueFromAFutureBusinessDayIsRefused() {
        String kpi = share("Future shares");
        recordMeasurement(kpi, 50, TODAY.plusDays(3).toString(), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("observed-in-future"))
                .body("errors[0].extensions.field", equalTo("observedAt"));
        recordMeasurement(kpi, 50, "2099-01-01", null).body("errors[0].extensions.code", equalTo("observed-in-future"));
        // Tomorrow, even a minute before midnight: a day that has not begun has no value yet.
        recordMeasurement(kpi, 50, LocalDate.now(ZoneOffset.UTC).plusDays(1).toString(), null)
                .body("errors[0].extensions.code", equalTo("observed-in-future"));
        recordMeasurement(kpi, 50, LocalDate.now(ZoneOffset.UTC).toString(), null).body("errors", nullValue());
        recordMeasurement(kpi, 50, "1999-12-31", null).body("errors[0].extensions.code", equalTo("bad-input"));
    }

    @Test
    void aValueOutsideTheValidRangeIsRefused() {
        String kpi = share("Bounded shares");
        recordMeasurement(kpi, -500, TODAY.toString(), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("value-out-of-range"))
                .body("errors[0].extensions.field", equalTo("value"))
                .body("errors[0].message", containsString("[0.0, 100.0]"));
        recordMeasurement(kpi, 100.5, TODAY.toString(), null).body("errors[0].extensions.code", equalTo("value-out-of-range"));
        recordMeasurement(kpi, 100, TODAY.toString(), null).body("errors", nullValue());
        assertEquals(1, measurementCount(kpi));
    }

    @Test
    void aCorrectionSupersedesAValueAndBothStayInTheHistory() {
        String kpi = share("Corrected shares");
        String wrong = measure(kpi, 48, TODAY.minusDays(7).toString());
        measure(kpi, 51, TODAY.minusDays(14).toString());
        correct(wrong, 84, "Typed 48 for 84")
                .body("errors", nullValue())
                .body("data.correctMeasurement.value", equalTo(84.0f))
                .body("data.correctMeasurement.observedAt", equalTo(TODAY.minusDays(7).toString()))
                .body("data.correctMeasurement.reason", equalTo("Typed 48 for 84"))
                .body("data.correctMeasurement.correctionOf.id", equalTo(wrong));
        graphql("""
                query History($id: ID!) { kpi(id: $id) { currentValue measurements { value reason } analytics { currentValue } } }
                """, Map.of("id", kpi))
                .body("errors", nullValue())
                .body("data.kpi.measurements.value", contains(51.0f, 48.0f, 84.0f))
                .body("data.kpi.currentValue", equalTo(84.0f))
                .body("data.kpi.analytics.currentValue", equalTo(84.0f));

        correct(wrong, 200, "Way off").body("errors[0].extensions.code", equalTo("value-out-of-range"));
        correct(wrong, 70, " ").body("errors[0].extensions.code", equalTo("reason-required"));
        correct("999999", 70, "No such").body("errors[0].extensions.code", equalTo("measurement-not-found"));
    }

    @Test
    void asOfAnInstantAnswersWithWhatWasKnownThen() throws InterruptedException {
        String kpi = share("Known shares");
        String first = measure(kpi, 40, TODAY.minusDays(10).toString());
        Thread.sleep(20);
        OffsetDateTime known = OffsetDateTime.now();
        Thread.sleep(20);
        correct(first, 44, "Late data from the branch offices").body("errors", nullValue());
        measure(kpi, 47, TODAY.minusDays(3).toString());

        String query = """
                query Then($id: ID!, $asOf: DateTime) {
                  kpi(id: $id, asOf: $asOf) { currentValue measurements { value } analytics { currentValue observedAt } }
                }
                """;
        graphql(query, variables("id", kpi, "asOf", known.toString()))
                .body("errors", nullValue())
                .body("data.kpi.measurements.value", contains(40.0f))
                .body("data.kpi.currentValue", equalTo(40.0f))
                .body("data.kpi.analytics.observedAt", equalTo(TODAY.minusDays(10).toString()));
        graphql(query, variables("id", kpi, "asOf", null))
                .body("data.kpi.measurements.value", contains(40.0f, 44.0f, 47.0f))
                .body("data.kpi.currentValue", equalTo(47.0f));
        graphql(query, variables("id", kpi, "asOf", OffsetDateTime.now().plusHours(2).toString()))
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("asOf"));
    }

    @Test
    void whoRecordedAValueComesFromTheCallerNotFromTheInput() {
        String kpi = share("Attributed shares");
        recordMeasurement(kpi, 42, TODAY.toString(), null)
                .body("errors", nullValue())
                .body("data.recordMeasurement.recordedBy", equalTo("local-developer"));
        graphql("""
                mutation Forged($kpi: ID!) {
                  recordMeasurement(measurement: { kpiId: $kpi, value: 1, observedAt: "2026-01-01", recordedBy: "cfo" }) { id }
                }
                """, Map.of("kpi", kpi))
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"));
    }

    @Test
    void racingRetriesWithOneIdempotencyKeyRecordOneMeasurementAndAllGetIt() throws Exception {
        String kpi = share("Raced shares");
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<JsonPath>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return recordMeasurement(kpi, 61.5, TODAY.toString(), "raced-key-" + kpi).extract().jsonPath();
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<JsonPath> answer : answers) {
                JsonPath json = answer.get();
                assertNull(json.get("errors"), () -> "a retry failed: " + json.prettify());
                ids.add(json.getString("data.recordMeasurement.id"));
            }
            assertEquals(1, ids.size(), "every caller gets the one measurement back");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, measurementCount(kpi));
        graphql("query One($id: ID!) { kpi(id: $id) { measurements { id recordedAt } } }", Map.of("id", kpi))
                .body("data.kpi.measurements", hasSize(1))
                .body("data.kpi.measurements[0].recordedAt", notNullValue());
    }
}
