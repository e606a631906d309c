package org.throughline.plan;

import io.restassured.response.ValidatableResponse;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.nullValue;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/** Builds plans through the public mutations, as a plan editor would, for the tests to ask about. */
final class PlanFixture {

    private PlanFixture() {
    }

    static String createInitiative(String name, String owner) {
        return graphql("""
                mutation Open($name: String!, $owner: ID!) {
                  createInitiative(initiative: { name: $name, objective: "Quote faster", sponsor: "cfo",
                                                 accountableOwner: $owner }) { id status }
                }
                """, Map.of("name", name, "owner", owner))
                .body("errors", nullValue())
                .extract().path("data.createInitiative.id");
    }

    static String addWorkstream(String initiative, String name, String function, String owner) {
        return graphql("""
                mutation Lane($initiative: ID!, $name: String!, $function: BusinessFunction!, $owner: ID!) {
                  addWorkstream(workstream: { initiativeId: $initiative, name: $name, businessFunction: $function,
                                              accountableOwner: $owner }) { id }
                }
                """, Map.of("initiative", initiative, "name", name, "function", function, "owner", owner))
                .body("errors", nullValue())
                .extract().path("data.addWorkstream.id");
    }

    static String addMilestone(String workstream, String title, String baseline, String forecast, String owner) {
        return addMilestone(workstream, title, baseline, forecast, owner, List.of());
    }

    static String addMilestone(String workstream, String title, String baseline, String forecast, String owner,
                               List<String> dependsOn) {
        return graphql("""
                mutation Add($workstream: ID!, $title: String!, $baseline: Date!, $forecast: Date, $owner: ID!,
                             $dependsOn: [ID!]) {
                  addMilestone(milestone: { workstreamId: $workstream, title: $title, baselineFinish: $baseline,
                                            forecastFinish: $forecast, accountableOwner: $owner,
                                            dependsOn: $dependsOn }) { id }
                }
                """, variables("workstream", workstream, "title", title, "baseline", baseline, "forecast", forecast,
                "owner", owner, "dependsOn", dependsOn))
                .body("errors", nullValue())
                .extract().path("data.addMilestone.id");
    }

    /** Posts an updateMilestone with the changes given as a variable, based on the version given. */
    static ValidatableResponse updateMilestone(String id, int version, Map<String, Object> changes, String reason) {
        return graphql("""
                mutation Change($id: ID!, $version: Int!, $changes: MilestoneChanges!, $reason: String) {
                  updateMilestone(id: $id, version: $version, changes: $changes, reason: $reason) {
                    id version title forecastFinish actualFinish deliveryStatus health stageGate accountableOwner
                    slippageDays dependsOn { id }
                  }
                }
                """, variables("id", id, "version", version, "changes", changes, "reason", reason));
    }

    static int versionOf(String milestone) {
        return graphql("query Version($id: ID!) { milestone(id: $id) { version } }", Map.of("id", milestone))
                .body("errors", nullValue())
                .extract().path("data.milestone.version");
    }
}
