package org.throughline.kpi;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.measure;
import static org.throughline.kpi.KpiFixture.measurementCount;
import static org.throughline.kpi.KpiFixture.recordMeasurement;
import static org.throughline.testing.GraphQLEndpoint.graphql;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class KpiGraphQLApiTest {

    @Inject
    DataSource dataSource;

    @Test
    void kpiReadsBackWithMeasurementsByObservedDayAndTheLatestCorrectionAsCurrentValue() {
        String kpi = createKpi("Quote turnaround time", "SALES");
        measure(kpi, 40, "2026-03-01");
        measure(kpi, 30.5, "2026-03-15");
        measure(kpi, 44, "2026-02-01");
        measure(kpi, 29.25, "2026-03-15");

        graphql("""
                query Scorecard($id: ID!) {
                  kpi(id: $id) {
                    name unit direction kind businessFunction baselineValue baselineDate targetValue targetDate
                    measurementCadenceDays currentValue
                    measurements { value observedAt recordedAt source kpi { name } }
                  }
                }
                """, Map.of("id", kpi))
                .body("errors", nullValue())
                .body("data.kpi.name", equalTo("Quote turnaround time"))
                .body("data.kpi.unit", equalTo("DURATION_HOURS"))
                .body("data.kpi.direction", equalTo("LOWER_IS_BETTER"))
                .body("data.kpi.baselineValue", equalTo(48.0f))
                .body("data.kpi.targetDate", equalTo("2026-12-31"))
                .body("data.kpi.measurementCadenceDays", equalTo(7))
                .body("data.kpi.measurements.observedAt",
                        contains("2026-02-01", "2026-03-01", "2026-03-15", "2026-03-15"))
                .body("data.kpi.measurements.value", contains(44.0f, 40.0f, 30.5f, 29.25f))
                .body("data.kpi.measurements[0].source", equalTo("MANUAL"))
                .body("data.kpi.measurements[0].recordedAt", notNullValue())
                .body("data.kpi.measurements[0].kpi.name", equalTo("Quote turnaround time"))
                .body("data.kpi.currentValue", equalTo(29.25f));
    }

    @Test
    void kpiWithoutMeasurementsHasNoCurrentValue() {
        String kpi = createKpi("Supplier lead time", "PROCUREMENT");

        graphql("""
                query Scorecard($id: ID!) { kpi(id: $id) { currentValue measurements { id } } }
                """, Map.of("id", kpi))
                .body("errors", nullValue())
                .body("data.kpi.currentValue", nullValue())
                .body("data.kpi.measurements", hasSize(0));
    }

    @Test
    void kpisCanBeFilteredByBusinessFunction() {
        String finance = createKpi("Days to close the books", "FINANCE");
        String logistics = createKpi("On-time delivery", "LOGISTICS");

        graphql("""
                query { kpis(businessFunction: FINANCE) { id businessFunction } }
                """, Map.of())
                .body("errors", nullValue())
                .body("data.kpis.businessFunction", everyItem(equalTo("FINANCE")))
                .body("data.kpis.id", hasItem(finance))
                .body("data.kpis.id", not(hasItem(logistics)));
        graphql("""
                query { kpis { id } }
                """, Map.of())
                .body("data.kpis.id", hasItem(finance))
                .body("data.kpis.id", hasItem(logistics));
    }

    @Test
    void unknownKpiIsANotFoundErrorWithItsCode() {
        graphql("""
                query { kpi(id: "999999") { name } }
                """, Map.of())
                .body("data.kpi", nullValue())
                .body("errors[0].extensions.code", equalTo("kpi-not-found"))
                .body("errors[0].message", containsString("999999"));
    }

    @Test
    void targetNotAfterBaselineIsAnInvalidKpiAndNothingIsStored() {
        graphql("""
                mutation {
                  createKpi(kpi: { name: "Backwards target", unit: PERCENT, direction: HIGHER_IS_BETTER, kind: LAG,
                                   businessFunction: HR, baselineValue: 10, baselineDate: "2026-06-30",
                                   targetValue: 20, targetDate: "2026-06-30", measurementCadenceDays: 30,
                                   accountableOwner: "hr-lead" }) { id }
                }
                """, Map.of())
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("invalid-kpi"))
                .body("errors[0].extensions.field", equalTo("targetDate"))
                .body("errors[0].message", containsString("must come after the baseline date"));
        graphql("""
                query { kpis(businessFunction: HR) { name } }
                """, Map.of())
                .body("data.kpis.name", not(hasItem("Backwards target")));
    }

    @Test
    void blankKpiNameOrCadenceOutOfRangeIsBadInputNamingTheField() {
        KpiFixture.define("name", " ")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("name"));
        KpiFixture.define("measurementCadenceDays", 0)
                .body("errors[0].extensions.field", equalTo("measurementCadenceDays"));
    }

    @Test
    void measurementForUnknownKpiIsRejected() {
        recordMeasurement("424242", 1, "2026-01-01", null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("kpi-not-found"))
                .body("errors[0].extensions.field", equalTo("kpiId"));
    }

    @Test
    void retryWithTheSameIdempotencyKeyReturnsTheFirstMeasurementAndAddsNoRow() {
        String kpi = createKpi("Quotes priced in-system", "SALES");
        String first = recordMeasurement(kpi, 61.5, "2026-04-01", "import-2026-04-01-row-7")
                .body("errors", nullValue())
                .extract().path("data.recordMeasurement.id");

        recordMeasurement(kpi, 61.5, "2026-04-01", "import-2026-04-01-row-7")
                .body("errors", nullValue())
                .body("data.recordMeasurement.id", equalTo(first))
                .body("data.recordMeasurement.value", equalTo(61.5f));
        assertEquals(1, measurementCount(kpi));
    }

    @Test
    void idempotencyKeyReusedForOtherContentIsRejected() {
        String kpi = createKpi("Forecast accuracy", "SALES");
        recordMeasurement(kpi, 72, "2026-04-01", "batch-42").body("errors", nullValue());

        recordMeasurement(kpi, 73, "2026-04-01", "batch-42")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("idempotency-key-reused"));
        recordMeasurement(kpi, 72, "2026-04-02", "batch-42")
                .body("errors[0].extensions.code", equalTo("idempotency-key-reused"));
        assertEquals(1, measurementCount(kpi));
    }

    @Test
    void databaseRefusesToChangeOrDeleteAMeasurement() throws SQLException {
        String kpi = createKpi("Order cycle time", "OPERATIONS");
        String measurement = measure(kpi, 5, "2026-05-01");

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            SQLException update = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("update measurement set value = 4 where id = " + measurement));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(SQLException.class,
                    () -> statement.executeUpdate("delete from measurement where id = " + measurement));
        }
        assertEquals(1, measurementCount(kpi));
    }

    /**
     * Through the gateway, a non-null root field that kpi-service cannot answer would null every other service's data
     * beside it; only the entity resolvers, which clients never see, are non-null.
     */
    @Test
    void everyRootQueryIsNullableSoThatAFailureNullsOnlyItsOwnField() {
        graphql("query RootQueries { __schema { queryType { fields { name type { kind } } } } }", Map.of())
                .body("errors", nullValue())
                .body("data.__schema.queryType.fields.name", hasItems("kpis", "kpi", "person"))
                .body("data.__schema.queryType.fields.findAll { it.type.kind == 'NON_NULL' }.name",
                        containsInAnyOrder("_entities", "_service", "kpisById", "measurementsById", "kpiPeopleById"));
    }

    @Test
    void serviceSdlDeclaresFederationV2AndKeys() {
        graphql("{ _service { sdl } }", Map.of())
                .body("data._service.sdl", containsString("url : \"https://specs.apollo.dev/federation/v2.7\""))
                .body("data._service.sdl", containsString("type Kpi @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Measurement @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Person @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("kpisById(id: [String!]!): [Kpi]! @federation__inaccessible"))
                .body("data._service.sdl", containsString("value: Float!"))
                .body("data._service.sdl", containsString("currentValue: Float"));
    }

    @Test
    void entitiesResolvesABatchOfKpisAndMeasurementsInRequestOrderWithNullForUnknownKeys() {
        String kpi = createKpi("First contact resolution", "CUSTOMER_SERVICE");
        String first = measure(kpi, 0.62, "2026-01-31");
        String second = measure(kpi, 0.64, "2026-02-28");

        graphql("""
                query Entities($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    __typename
                    ... on Measurement { id value kpi { name } }
                    ... on Kpi { id name currentValue }
                  }
                }
                """, Map.of("representations", List.of(
                        Map.of("__typename", "Measurement", "id", second),
                        Map.of("__typename", "Kpi", "id", "not-a-number"),
                        Map.of("__typename", "Measurement", "id", first),
                        Map.of("__typename", "Kpi", "id", kpi),
                        Map.of("__typename", "Measurement", "id", "999999"))))
                .body("errors", nullValue())
                .body("data._entities", hasSize(5))
                .body("data._entities[0].value", equalTo(0.64f))
                .body("data._entities[1]", nullValue())
                .body("data._entities[2].value", equalTo(0.62f))
                .body("data._entities[2].kpi.name", equalTo("First contact resolution"))
                .body("data._entities[3].name", equalTo("First contact resolution"))
                .body("data._entities[3].currentValue", equalTo(0.64f))
                .body("data._entities[4]", nullValue());
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks", notNullValue());
    }
}
