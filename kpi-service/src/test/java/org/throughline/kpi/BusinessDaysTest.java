package org.throughline.kpi;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.define;
import static org.throughline.kpi.KpiFixture.measurementCount;
import static org.throughline.kpi.KpiFixture.recordMeasurement;
import static org.throughline.kpi.KpiFixture.updateKpi;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/**
 * A KPI's business days follow its time zone: a value for a day that has not begun there is refused
 * (observed-in-future), through GraphQL and in a bulk batch alike. Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25
 * hours apart, so Kiritimati's today has never begun in Pago Pago, whatever the time of the run.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class BusinessDaysTest {

    private static final String AHEAD = "Pacific/Kiritimati";
    private static final String BEHIND = "Pacific/Pago_Pago";

    @Inject
    DataSource dataSource;

    private static String kpiIn(String name, String zone) {
        return createKpi("name", name, "timeZone", zone, "baselineDate", "2026-01-01", "targetDate", "2027-12-31");
    }

    private static LocalDate todayIn(String zone) {
        return LocalDate.now(ZoneId.of(zone));
    }

    @Test
    void aValueForTheDayThatHasBegunInTheKpisZoneIsTakenAndOneForTheNextDayIsRefused() {
        String ahead = kpiIn("Kiritimati turnaround", AHEAD);
        String behind = kpiIn("Pago Pago turnaround", BEHIND);
        LocalDate kiritimatiToday = todayIn(AHEAD);

        recordMeasurement(ahead, 30, kiritimatiToday.toString(), null)
                .body("errors", nullValue())
                .body("data.recordMeasurement.observedAt", equalTo(kiritimatiToday.toString()));
        recordMeasurement(ahead, 30, kiritimatiToday.plusDays(1).toString(), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("observed-in-future"))
                .body("errors[0].extensions.field", equalTo("observedAt"));
        recordMeasurement(behind, 30, kiritimatiToday.toString(), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("observed-in-future"))
                .body("errors[0].extensions.field", equalTo("observedAt"))
                .body("errors[0].message", containsString("has not begun yet in " + BEHIND));
        recordMeasurement(behind, 30, todayIn(BEHIND).toString(), null).body("errors", nullValue());
        assertEquals(1, measurementCount(behind));
    }

    @Test
    void aKpiTakesThePlatformZoneUnlessItNamesOneAndAZoneIsAnIanaId() {
        String plain = createKpi("name", "Zoneless turnaround", "kind", "LEAD");
        graphql("query Z($id: ID!) { kpi(id: $id) { timeZone } }", Map.of("id", plain))
                .body("data.kpi.timeZone", equalTo("UTC"));
        define("name", "Martian turnaround", "timeZone", "Mars/Olympus_Mons")
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("timeZone"));
        define("name", "Offset turnaround", "timeZone", "+02:00")
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("timeZone"));

        updateKpi(plain, 0, Map.of("timeZone", AHEAD), null).body("errors", nullValue());
        graphql("query Z($id: ID!) { kpi(id: $id) { timeZone revisions { changes { field after } } } }",
                Map.of("id", plain))
                .body("data.kpi.timeZone", equalTo(AHEAD))
                .body("data.kpi.revisions[1].changes.field", contains("timeZone"));
        recordMeasurement(plain, 30, todayIn(AHEAD).toString(), null).body("errors", nullValue());
    }

    @Test
    void aCsvRowForADayThatHasNotBegunNamesItsRowAndColumnAndNothingIsRecorded() {
        String behind = kpiIn("Pago Pago quotes", BEHIND);
        String csv = "kpi_id,observed_at,value\n"
                + behind + "," + todayIn(BEHIND).minusDays(1) + ",31\n"
                + behind + "," + todayIn(AHEAD) + ",32\n";
        given().contentType("text/csv").header("Idempotency-Key", "future-" + behind)
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/measurements/batches").then().log().ifValidationFails()
                .statusCode(422)
                .body("total", equalTo(1))
                .body("errors[0].row", equalTo(3))
                .body("errors[0].column", equalTo("observed_at"))
                .body("errors[0].code", equalTo("observed-in-future"))
                .body("errors[0].message", containsString("has not begun yet in " + BEHIND));
        assertEquals(0, measurementCount(behind));
    }

    @Test
    void aValueRecordedForTomorrowBeforeSuchValuesWereRefusedIsNotTodaysCurrentValue() throws SQLException {
        String kpi = kpiIn("Early bird turnaround", BEHIND);
        LocalDate today = todayIn(BEHIND);
        recordMeasurement(kpi, 30, today.toString(), null).body("errors", nullValue());
        // As the service stored it before: a value for the next day, accepted then with a day's slack.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into measurement (kpi_id, value, observed_at, recorded_by) values (?, 20, ?, 'before')")) {
            insert.setLong(1, Long.parseLong(kpi));
            insert.setObject(2, today.plusDays(1));
            insert.executeUpdate();
        }
        graphql("query Now($id: ID!) { kpi(id: $id) { currentValue } }", Map.of("id", kpi))
                .body("errors", nullValue())
                .body("data.kpi.currentValue", equalTo(30.0f));
    }
}
