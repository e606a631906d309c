package org.throughline.kpi;

import io.restassured.response.ValidatableResponse;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.nullValue;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/** Defines KPIs and records values through the public mutations, as a steward would, for the tests to ask about. */
public final class KpiFixture {

    private KpiFixture() {
    }

    /** Posts createKpi with a complete definition, overridden by the given fields. */
    public static ValidatableResponse define(Object... overrides) {
        Map<String, Object> kpi = variables("name", "A KPI", "unit", "DURATION_HOURS", "direction", "LOWER_IS_BETTER",
                "kind", "LEAD", "businessFunction", "SALES", "baselineValue", 48.0, "baselineDate", "2026-01-01",
                "targetValue", 4.0, "targetDate", "2026-12-31", "measurementCadenceDays", 7,
                "accountableOwner", "steward");
        for (int i = 0; i < overrides.length; i += 2) {
            kpi.put((String) overrides[i], overrides[i + 1]);
        }
        return graphql("""
                mutation Define($kpi: NewKpi!) { createKpi(kpi: $kpi) { id version } }
                """, Map.of("kpi", kpi));
    }

    public static String createKpi(Object... overrides) {
        return define(overrides).body("errors", nullValue()).extract().path("data.createKpi.id");
    }

    static String createKpi(String name, String businessFunction) {
        return createKpi("name", name, "businessFunction", businessFunction);
    }

    static ValidatableResponse recordMeasurement(String kpiId, double value, String observedAt, String key) {
        return graphql("""
                mutation Record($kpi: ID!, $value: Float!, $observedAt: Date!, $key: String) {
                  recordMeasurement(measurement: { kpiId: $kpi, value: $value, observedAt: $observedAt,
                                                   idempotencyKey: $key }) { id value source observedAt recordedBy }
                }
                """, variables("kpi", kpiId, "value", value, "observedAt", observedAt, "key", key));
    }

    static String measure(String kpiId, double value, String observedAt) {
        return recordMeasurement(kpiId, value, observedAt, null)
                .body("errors", nullValue())
                .extract().path("data.recordMeasurement.id");
    }

    static ValidatableResponse updateKpi(String id, int version, Map<String, Object> changes, String reason) {
        return graphql("""
                mutation Change($id: ID!, $version: Int!, $changes: KpiChanges!, $reason: String) {
                  updateKpi(id: $id, version: $version, changes: $changes, reason: $reason) {
                    id version accountableOwner atRiskTolerance offTrackTolerance drivers { id }
                  }
                }
                """, variables("id", id, "version", version, "changes", changes, "reason", reason));
    }

    static int measurementCount(String kpiId) {
        return graphql("""
                query Count($id: ID!) { kpi(id: $id) { measurements { id } } }
                """, Map.of("id", kpiId))
                .body("errors", nullValue())
                .extract().<List<?>>path("data.kpi.measurements").size();
    }
}
