package org.throughline.governance;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * Builds what governance reasons about through the real services: plans in plan-service, KPIs and their values in
 * kpi-service, commitments in governance itself, each through its public GraphQL API.
 */
final class GovernanceFixture {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private GovernanceFixture() {
    }

    /** A plan of one initiative and workstream with milestones, as created in plan-service. */
    record Plan(String initiative, String workstream, List<String> milestones) {
    }

    static JsonPath post(String url, String document, Map<String, Object> variables) {
        return given().contentType(ContentType.JSON).body(Map.of("query", document, "variables", variables))
                .when().post(url).then().statusCode(200).body("errors", nullValue()).extract().jsonPath();
    }

    static Plan plan(String planUrl, String name, String... milestoneTitles) {
        String initiative = post(planUrl, """
                mutation I($name: String!) { createInitiative(initiative: { name: $name, accountableOwner: "cio" }) { id } }
                """, Map.of("name", name)).getString("data.createInitiative.id");
        String workstream = post(planUrl, """
                mutation W($i: ID!) {
                  addWorkstream(workstream: { initiativeId: $i, name: "Sales", businessFunction: SALES, accountableOwner: "cio" }) { id }
                }
                """, Map.of("i", initiative)).getString("data.addWorkstream.id");
        List<String> milestones = new ArrayList<>();
        for (String title : milestoneTitles) {
            milestones.add(post(planUrl, """
                    mutation M($w: ID!, $title: String!, $baseline: Date!) {
                      addMilestone(milestone: { workstreamId: $w, title: $title, baselineFinish: $baseline,
                                                accountableOwner: "it-lead" }) { id }
                    }
                    """, Map.of("w", workstream, "title", title, "baseline", TODAY.plusDays(30).toString()))
                    .getString("data.addMilestone.id"));
        }
        return new Plan(initiative, workstream, milestones);
    }

    /** A weekly KPI whose plan runs from baseline (100 days ago) to target (100 days ahead). */
    static String kpi(String kpiUrl, String name, String direction, double baseline, double target, String steward) {
        return kpi(kpiUrl, name, direction, baseline, target, steward, 7);
    }

    /** A KPI with a measurement cadence, rising from 0 (100 days ago) to 100 (100 days ahead). */
    static String kpi(String kpiUrl, String name, int cadenceDays) {
        return kpi(kpiUrl, name, "HIGHER_IS_BETTER", 0.0, 100.0, "steward", cadenceDays);
    }

    private static String kpi(String kpiUrl, String name, String direction, double baseline, double target,
                              String steward, int cadenceDays) {
        return post(kpiUrl, """
                mutation K($kpi: NewKpi!) { createKpi(kpi: $kpi) { id } }
                """, Map.of("kpi", variables("name", name, "unit", "COUNT", "direction", direction, "kind", "LEAD",
                "businessFunction", "SALES", "baselineValue", baseline, "baselineDate", TODAY.minusDays(100).toString(),
                "targetValue", target, "targetDate", TODAY.plusDays(100).toString(),
                "measurementCadenceDays", cadenceDays, "accountableOwner", steward))).getString("data.createKpi.id");
    }

    static void measure(String kpiUrl, String kpi, double value, LocalDate day) {
        post(kpiUrl, """
                mutation V($kpi: ID!, $value: Float!, $day: Date!) {
                  recordMeasurement(measurement: { kpiId: $kpi, value: $value, observedAt: $day }) { id }
                }
                """, Map.of("kpi", kpi, "value", value, "day", day.toString()));
    }

    /** Changes a milestone in plan-service, based on the version it has now. */
    static void changeMilestone(String planUrl, String milestone, Map<String, Object> changes, String reason) {
        int version = post(planUrl, "query V($id: ID!) { milestone(id: $id) { version } }", Map.of("id", milestone))
                .getInt("data.milestone.version");
        post(planUrl, """
                mutation C($id: ID!, $version: Int!, $changes: MilestoneChanges!, $reason: String) {
                  updateMilestone(id: $id, version: $version, changes: $changes, reason: $reason) { version }
                }
                """, variables("id", milestone, "version", version, "changes", changes, "reason", reason));
    }

    static ValidatableResponse commitOutcome(String milestone, String kpi, double value, LocalDate due, String owner) {
        return commitOutcome(milestone, kpi, value, null, due, owner);
    }

    /** A commitment agreed on the given day, or today when it is null. */
    static ValidatableResponse commitOutcome(String milestone, String kpi, double value, LocalDate agreed, LocalDate due,
                                             String owner) {
        return graphql("""
                mutation Commit($milestone: ID!, $kpi: ID!, $value: Float!, $agreed: Date, $due: Date!, $owner: ID!) {
                  commitOutcome(commitment: { milestoneId: $milestone, kpiId: $kpi, expectedValue: $value,
                                              agreedOn: $agreed, dueDate: $due,
                                              rationale: "Quotes priced in-system are faster", accountableOwner: $owner }) {
                    id version status agreedOn dueDate
                  }
                }
                """, variables("milestone", milestone, "kpi", kpi, "value", value, "agreed",
                agreed == null ? null : agreed.toString(), "due", due.toString(), "owner", owner));
    }

    static String commit(String milestone, String kpi, double value, LocalDate due) {
        return commitOutcome(milestone, kpi, value, due, "coo").body("errors", nullValue())
                .extract().path("data.commitOutcome.id");
    }

    /** Within 1e-5: RestAssured reads JSON numbers as floats. */
    static Matcher<Number> near(double expected) {
        return new CustomTypeSafeMatcher<>("a number within 1e-5 of " + expected) {
            @Override
            protected boolean matchesSafely(Number actual) {
                return Math.abs(actual.doubleValue() - expected) <= 1e-5;
            }
        };
    }
}
