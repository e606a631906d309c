package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PlanGraphQLApiTest {

    private static String createInitiative(String name) {
        return graphql("""
                mutation Open($name: String!) {
                  createInitiative(initiative: { name: $name, objective: "Quote faster", sponsor: "cfo" }) { id status }
                }
                """, Map.of("name", name))
                .body("errors", nullValue())
                .body("data.createInitiative.status", equalTo("ACTIVE"))
                .extract().path("data.createInitiative.id");
    }

    private static String addMilestone(String initiativeId, String title, String baseline, String forecast) {
        return graphql("""
                mutation Add($initiative: ID!, $title: String!, $baseline: Date!, $forecast: Date) {
                  addMilestone(milestone: { initiativeId: $initiative, title: $title,
                                            baselineFinish: $baseline, forecastFinish: $forecast }) { id }
                }
                """, variables("initiative", initiativeId, "title", title, "baseline", baseline, "forecast", forecast))
                .body("errors", nullValue())
                .extract().path("data.addMilestone.id");
    }

    @Test
    void initiativeListsItsMilestonesByBaselineWithSlippage() {
        String initiative = createInitiative("Cloud ERP migration");
        addMilestone(initiative, "Pricing engine cut-over", "2026-06-30", "2026-08-14");
        addMilestone(initiative, "Ledger migration", "2026-03-31", null);

        graphql("""
                query Plan($id: ID!) {
                  initiative(id: $id) {
                    name sponsor status
                    milestones { title baselineFinish forecastFinish slippageDays deliveryStatus health initiative { name } }
                  }
                }
                """, Map.of("id", initiative))
                .body("errors", nullValue())
                .body("data.initiative.name", equalTo("Cloud ERP migration"))
                .body("data.initiative.milestones.title", contains("Ledger migration", "Pricing engine cut-over"))
                .body("data.initiative.milestones.slippageDays", contains(0, 45))
                .body("data.initiative.milestones[1].deliveryStatus", equalTo("NOT_STARTED"))
                .body("data.initiative.milestones[1].initiative.name", equalTo("Cloud ERP migration"));
    }

    @Test
    void unknownInitiativeIsANotFoundErrorWithItsCode() {
        graphql("""
                query { initiative(id: "999999") { name } }
                """, Map.of())
                .body("data.initiative", nullValue())
                .body("errors[0].extensions.code", equalTo("initiative-not-found"))
                .body("errors[0].message", containsString("999999"));
    }

    @Test
    void milestoneForUnknownInitiativeIsRejected() {
        graphql("""
                mutation { addMilestone(milestone: { initiativeId: "424242", title: "Orphan", baselineFinish: "2026-01-01" }) { id } }
                """, Map.of())
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("initiative-not-found"));
    }

    @Test
    void blankInitiativeNameIsAValidationErrorNotAStoredRow() {
        graphql("""
                mutation { createInitiative(initiative: { name: "  " }) { id } }
                """, Map.of())
                .body("data", nullValue())
                .body("errors[0].extensions.classification", equalTo("ValidationError"))
                .body("errors[0].message", containsString("name"));
    }

    @Test
    void serviceSdlDeclaresFederationV2AndKeys() {
        graphql("{ _service { sdl } }", Map.of())
                .body("data._service.sdl", containsString("url : \"https://specs.apollo.dev/federation/v2.7\""))
                .body("data._service.sdl", containsString("type Milestone @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Initiative @key(fields : \"id\")"));
    }

    @Test
    void entitiesResolvesABatchOfMilestonesInRequestOrderWithNullForUnknownKeys() {
        String initiative = createInitiative("Warehouse automation");
        String first = addMilestone(initiative, "Scanner roll-out", "2026-05-01", null);
        String second = addMilestone(initiative, "WMS go-live", "2026-09-01", null);

        graphql("""
                query Entities($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    __typename
                    ... on Milestone { id title initiative { name } }
                    ... on Initiative { id name }
                  }
                }
                """, Map.of("representations", java.util.List.of(
                        Map.of("__typename", "Milestone", "id", second),
                        Map.of("__typename", "Milestone", "id", "not-a-number"),
                        Map.of("__typename", "Milestone", "id", first),
                        Map.of("__typename", "Initiative", "id", initiative))))
                .body("errors", nullValue())
                .body("data._entities", hasSize(4))
                .body("data._entities[0].title", equalTo("WMS go-live"))
                .body("data._entities[1]", nullValue())
                .body("data._entities[2].title", equalTo("Scanner roll-out"))
                .body("data._entities[2].initiative.name", equalTo("Warehouse automation"))
                .body("data._entities[3].name", equalTo("Warehouse automation"));
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks", notNullValue());
    }
}
