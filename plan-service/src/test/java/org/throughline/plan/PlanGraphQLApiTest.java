package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.plan.PlanFixture.addMilestone;
import static org.throughline.plan.PlanFixture.addWorkstream;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.testing.GraphQLEndpoint.graphql;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PlanGraphQLApiTest {

    @Test
    void initiativeHoldsWorkstreamsTiedToFunctionsAndMilestonesByBaseline() {
        String initiative = createInitiative("Cloud ERP migration", "cio");
        String sales = addWorkstream(initiative, "Sales pricing", "SALES", "head-of-sales");
        String finance = addWorkstream(initiative, "Finance", "FINANCE", "cfo");
        addMilestone(sales, "Pricing engine cut-over", "2026-06-30", "2026-08-14", "it-lead");
        addMilestone(finance, "Ledger migration", "2026-03-31", null, "cfo");

        graphql("""
                query Plan($id: ID!) {
                  initiative(id: $id) {
                    name sponsor status accountableOwner reviewCadenceDays slippageToleranceDays version
                    workstreams { name businessFunction accountableOwner milestones { title } initiative { name } }
                    milestones { title baselineFinish forecastFinish deliveryStatus health stageGate
                                 accountableOwner workstream { name } initiative { name } }
                  }
                }
                """, Map.of("id", initiative))
                .body("errors", nullValue())
                .body("data.initiative.name", equalTo("Cloud ERP migration"))
                .body("data.initiative.accountableOwner", equalTo("cio"))
                .body("data.initiative.reviewCadenceDays", equalTo(14))
                .body("data.initiative.slippageToleranceDays", equalTo(14))
                .body("data.initiative.version", equalTo(0))
                .body("data.initiative.workstreams.name", contains("Sales pricing", "Finance"))
                .body("data.initiative.workstreams.businessFunction", contains("SALES", "FINANCE"))
                .body("data.initiative.workstreams[0].milestones.title", contains("Pricing engine cut-over"))
                .body("data.initiative.workstreams[1].initiative.name", equalTo("Cloud ERP migration"))
                .body("data.initiative.milestones.title", contains("Ledger migration", "Pricing engine cut-over"))
                .body("data.initiative.milestones.workstream.name", contains("Finance", "Sales pricing"))
                .body("data.initiative.milestones[1].deliveryStatus", equalTo("NOT_STARTED"))
                .body("data.initiative.milestones[1].health", equalTo("GREEN"))
                .body("data.initiative.milestones[1].stageGate", equalTo("IDENTIFIED"))
                .body("data.initiative.milestones[1].accountableOwner", equalTo("it-lead"))
                .body("data.initiative.milestones[1].initiative.name", equalTo("Cloud ERP migration"));
    }

    @Test
    void unknownInitiativeIsANotFoundErrorWithItsCode() {
        graphql("""
                query { initiative(id: "999999") { name } }
                """, Map.of())
                .body("data.initiative", nullValue())
                .body("errors[0].extensions.code", equalTo("initiative-not-found"))
                .body("errors[0].extensions.field", equalTo("id"))
                .body("errors[0].message", containsString("999999"));
    }

    @Test
    void milestoneForUnknownWorkstreamIsRejected() {
        graphql("""
                mutation { addMilestone(milestone: { workstreamId: "424242", title: "Orphan", baselineFinish: "2026-01-01",
                                                     accountableOwner: "it-lead" }) { id } }
                """, Map.of())
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("workstream-not-found"))
                .body("errors[0].extensions.field", equalTo("workstreamId"));
    }

    /**
     * Through the gateway, a non-null root field that plan-service cannot answer would null every other service's data
     * beside it; only the entity resolvers, which clients never see, are non-null.
     */
    @Test
    void everyRootQueryIsNullableSoThatAFailureNullsOnlyItsOwnField() {
        graphql("query RootQueries { __schema { queryType { fields { name type { kind } } } } }", Map.of())
                .body("errors", nullValue())
                .body("data.__schema.queryType.fields.name", hasItems("initiatives", "initiative",
                        "workstreams", "workstream", "milestones", "milestone", "person"))
                .body("data.__schema.queryType.fields.findAll { it.type.kind == 'NON_NULL' }.name",
                        containsInAnyOrder("_entities", "_service", "initiativesById", "workstreamsById",
                                "milestonesById", "planPeopleById"));
    }

    @Test
    void serviceSdlDeclaresFederationV2KeysAndHidesTheEntityResolvers() {
        graphql("{ _service { sdl } }", Map.of())
                .body("data._service.sdl", containsString("url : \"https://specs.apollo.dev/federation/v2.7\""))
                .body("data._service.sdl", containsString("type Milestone @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Workstream @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Initiative @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Person @key(fields : \"id\")"))
                // Imported under the same names as in the other subgraphs: Apollo's composition refuses a mismatch.
                .body("data._service.sdl", containsString("milestonesById(id: [String!]!): [Milestone]! @federation__inaccessible"))
                .body("data._service.sdl", containsString("initiativesById(id: [String!]!): [Initiative]! @federation__inaccessible"))
                .body("data._service.sdl", containsString("person(id: ID!): Person @shareable"));
    }

    @Test
    void entitiesResolvesABatchOfMilestonesInRequestOrderWithNullForUnknownKeys() {
        String initiative = createInitiative("Warehouse automation", "coo");
        String lane = addWorkstream(initiative, "Warehouse", "LOGISTICS", "coo");
        String first = addMilestone(lane, "Scanner roll-out", "2026-05-01", null, "ops-lead");
        String second = addMilestone(lane, "WMS go-live", "2026-09-01", null, "ops-lead");

        graphql("""
                query Entities($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    __typename
                    ... on Milestone { id title initiative { name } workstream { name } }
                    ... on Initiative { id name }
                    ... on Workstream { id name }
                  }
                }
                """, Map.of("representations", List.of(
                        Map.of("__typename", "Milestone", "id", second),
                        Map.of("__typename", "Milestone", "id", "not-a-number"),
                        Map.of("__typename", "Milestone", "id", first),
                        Map.of("__typename", "Initiative", "id", initiative),
                        Map.of("__typename", "Workstream", "id", lane))))
                .body("errors", nullValue())
                .body("data._entities", hasSize(5))
                .body("data._entities[0].title", equalTo("WMS go-live"))
                .body("data._entities[1]", nullValue())
                .body("data._entities[2].title", equalTo("Scanner roll-out"))
                .body("data._entities[2].initiative.name", equalTo("Warehouse automation"))
                .body("data._entities[2].workstream.name", equalTo("Warehouse"))
                .body("data._entities[3].name", equalTo("Warehouse automation"))
                .body("data._entities[4].name", equalTo("Warehouse"));
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks", notNullValue());
    }

    @Test
    void openApiDescribesTheService() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", not(nullValue()));
    }
}
