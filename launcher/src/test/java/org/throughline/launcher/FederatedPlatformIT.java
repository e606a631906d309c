package org.throughline.launcher;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.throughline.testing.FreePort;
import org.throughline.testing.ServiceProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole platform as the local run starts it: real PostgreSQL, the three services and the gateway as separate
 * processes, talking over real HTTP, loaded with the demo scenario through the gateway's own mutations.
 */
class FederatedPlatformIT {

    private static final Path LOGS = Path.of("target", "platform-logs");
    private static Path home;
    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        home = Path.of(System.getProperty("throughline.home", "..")).toAbsolutePath().normalize();
        platform = new Platform(home, Platform.Ports.free(), null, LOGS).start();
        new DemoData(new GraphQLClient(platform.gatewayUrl()), LocalDate.now()).loadUnlessPresent();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private static ValidatableResponse gateway(String document) {
        return given().contentType(ContentType.JSON).body(Map.of("query", document))
                .when().post(platform.gatewayUrl())
                .then().log().ifValidationFails().statusCode(200);
    }

    @Test
    void commitmentsFollowTheirReferencesIntoThePlanAndKpiServices() {
        gateway("""
                query Tethers {
                  commitments {
                    expectedValue accountableOwner
                    milestone { title initiative { name } }
                    kpi { name measurements { value } }
                  }
                }
                """)
                .body("errors", nullValue())
                .body("data.commitments", hasSize(4))
                .body("data.commitments.milestone.title", containsInAnyOrder("Pricing engine cut-over",
                        "Pricing engine cut-over", "Pricing engine cut-over", "General ledger migration"))
                .body("data.commitments.milestone.initiative.name", everyItem(equalTo("Cloud ERP migration")))
                .body("data.commitments.kpi.name", hasItem("Quote turnaround time"))
                .body("data.commitments.find { it.kpi.name == 'Quote turnaround time' }.kpi.measurements.value",
                        contains(20.0f, 19.5f, 18.0f, 17.5f, 22.0f, 27.5f, 31.0f, 34.5f))
                .body("data.commitments.find { it.kpi.name == 'Quote turnaround time' }.accountableOwner",
                        equalTo("head-of-sales"));
    }

    @Test
    void planMilestonesReachTheirKpisThroughGovernance() {
        gateway("""
                query Initiative {
                  initiatives {
                    nodes {
                      name
                      milestones {
                        title deliveryStatus health slippageDays workstream { businessFunction }
                        commitments { expectedValue kpi { name currentValue } }
                      }
                    }
                  }
                }
                """)
                .body("errors", nullValue())
                .body("data.initiatives.nodes.name", contains("Cloud ERP migration", "Warehouse automation"))
                .body("data.initiatives.nodes[0].milestones.title", contains("General ledger migration",
                        "Pricing engine cut-over", "Sales forecasting module"))
                .body("data.initiatives.nodes[0].milestones[1].deliveryStatus", equalTo("DELIVERED"))
                .body("data.initiatives.nodes[0].milestones[1].health", equalTo("GREEN"))
                .body("data.initiatives.nodes[0].milestones[1].workstream.businessFunction", equalTo("SALES"))
                .body("data.initiatives.nodes[0].milestones[2].slippageDays", equalTo(35))
                .body("data.initiatives.nodes[0].milestones[1].commitments.kpi.name", containsInAnyOrder(
                        "Quote turnaround time", "Quotes priced in-system", "Sales forecast accuracy"))
                .body("data.initiatives.nodes[0].milestones[1].commitments.find { it.kpi.name == 'Quote turnaround time' }"
                        + ".kpi.currentValue", equalTo(34.5f))
                .body("data.initiatives.nodes[1].milestones[0].commitments", hasSize(0));
    }

    @Test
    void rootFieldsOfEverySubgraphAnswerInOneRequest() {
        gateway("""
                { initiatives { totalCount } kpis(businessFunction: FINANCE) { name unit } commitments { dueDate } }
                """)
                .body("errors", nullValue())
                .body("data.initiatives.totalCount", equalTo(2))
                .body("data.kpis.name", contains("Month-end close duration"))
                .body("data.kpis[0].unit", equalTo("DURATION_DAYS"))
                .body("data.commitments", hasSize(4));
    }

    @Test
    void subgraphDomainErrorReachesTheClientWithItsCodeAndPath() {
        gateway("""
                { initiative(id: "999999") { name } kpis { name } }
                """)
                .body("data.initiative", nullValue())
                .body("data.kpis", hasSize(4))
                .body("errors[0].extensions.code", equalTo("initiative-not-found"))
                .body("errors[0].path", contains("initiative"));
    }

    @Test
    void queryAgainstAFieldNoSubgraphHasIsAValidationError() {
        gateway("""
                { commitments { budget } }
                """)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                .body("errors[0].message", containsString("budget"));
    }

    @Test
    void mutationThroughTheGatewayIsValidatedByTheOwningService() {
        gateway("""
                mutation { addMilestone(milestone: { workstreamId: "424242", title: "Orphan", baselineFinish: "2027-01-01",
                                                     accountableOwner: "it-lead" }) { id } }
                """)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("workstream-not-found"))
                .body("errors[0].extensions.field", equalTo("workstreamId"))
                .body("errors[0].path", contains("addMilestone"));
    }

    @Test
    void onePersonQueryAnswersWhatTheyAreAccountableForAcrossPlanAndKpis() {
        gateway("""
                { person(id: "head-of-sales") {
                    id
                    accountableWorkstreams { name }
                    accountableKpis { name analytics { status } }
                  }
                  itLead: person(id: "it-lead") { accountableMilestones { title deliveryStatus health slippageDays } } }
                """)
                .body("errors", nullValue())
                .body("data.person.accountableWorkstreams.name", contains("Sales pricing"))
                .body("data.person.accountableKpis.name", contains("Quote turnaround time", "Quotes priced in-system"))
                .body("data.itLead.accountableMilestones.title", contains("Pricing engine cut-over",
                        "Sales forecasting module"))
                .body("data.itLead.accountableMilestones.deliveryStatus", contains("DELIVERED", "IN_PROGRESS"));
    }

    @Test
    void kpiAnalyticsShowTheSalesKpisTheCutOverWasMeantToMoveGoingTheWrongWay() {
        gateway("""
                { kpis(businessFunction: SALES) { name analytics { status attainment trendPerDay } } }
                """)
                .body("errors", nullValue())
                .body("data.kpis.find { it.name == 'Quote turnaround time' }.analytics.status", equalTo("OFF_TRACK"))
                .body("data.kpis.find { it.name == 'Quotes priced in-system' }.analytics.status", equalTo("OFF_TRACK"));
    }

    @Test
    void progressBiasIsRaisedOnThePricingCutOverReportedWellWhileQuoteTurnaroundWorsens() {
        gateway("""
                { signals(filter: { kinds: [PROGRESS_BIAS] }) {
                    severity message milestone { title health deliveryStatus } kpi { name analytics { status } }
                  } }
                """)
                .body("errors", nullValue())
                .body("data.signals.milestone.title", everyItem(equalTo("Pricing engine cut-over")))
                .body("data.signals.kpi.name", hasItem("Quote turnaround time"))
                .body("data.signals.severity", everyItem(equalTo("CRITICAL")))
                .body("data.signals[0].milestone.deliveryStatus", equalTo("DELIVERED"));
        gateway("""
                { initiatives { nodes { name outcomeRealisation { realisation } signals { kind } } } }
                """)
                .body("errors", nullValue())
                .body("data.initiatives.nodes[0].signals.kind", hasItem("PROGRESS_BIAS"))
                .body("data.initiatives.nodes[0].outcomeRealisation.realisation", notNullValue());
    }

    @Test
    void theBoardsReviewIsFrozenAndTheLedgersEffectIsProvenByTheCfosSignOff() {
        gateway("""
                { initiatives { nodes { name reviews { title status decisions { summary affectedMilestones { title } }
                                                       snapshot { milestones { title health } signals { kind } } } } }
                  person(id: "head-of-sales") { reviewActions { title dueOn review { title } } }
                  ledger: milestones(filter: { stageGate: [EFFECT_PROVEN] }) { nodes { title effectSignOff { complete signOffs { signedBy { id } } } } } }
                """)
                .body("errors", nullValue())
                .body("data.initiatives.nodes[0].reviews[0].status", equalTo("PUBLISHED"))
                .body("data.initiatives.nodes[0].reviews[0].decisions[0].affectedMilestones.title",
                        hasItem("Pricing engine cut-over"))
                .body("data.initiatives.nodes[0].reviews[0].snapshot.signals.kind", hasItem("PROGRESS_BIAS"))
                .body("data.person.reviewActions.title", contains("Find out why sales prices quotes in spreadsheets again"))
                .body("data.ledger.nodes.title", contains("General ledger migration"))
                .body("data.ledger.nodes[0].effectSignOff.signOffs.signedBy.id", contains("cfo"));
    }

    @Test
    void introspectionShowsTheApiSchemaWithoutFederationMachinery() {
        gateway("""
                { __schema { queryType { fields { name } } } commitment: __type(name: "OutcomeCommitment") { name } }
                """)
                .body("errors", nullValue())
                .body("data.__schema.queryType.fields.name", hasItem("commitments"))
                .body("data.__schema.queryType.fields.name", not(hasItem("_entities")))
                .body("data.__schema.queryType.fields.name", not(hasItem("_service")))
                .body("data.__schema.queryType.fields.name", not(hasItem("milestonesById")))
                .body("data.commitment.name", equalTo("OutcomeCommitment"));
    }

    @Test
    void graphiqlIsServedNextToTheEndpoint() {
        given().when().get(platform.graphiqlUrl()).then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("graphiql"));
        given().when().get(platform.gatewayUrl().replace("/graphql", "/q/health/ready")).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.data", notNullValue());
    }

    @Test
    void gatewayStartedAloneFromAPinnedSupergraphFileServesTheSameGraph() throws Exception {
        String supergraph = given().when().get(platform.gatewayUrl().replace("/graphql", "/supergraph"))
                .then().statusCode(200).extract().asString();
        Path file = Files.writeString(Path.of("target", "pinned-supergraph.graphql"), supergraph).toAbsolutePath();
        int port = FreePort.pick();
        String query = "{ commitments { milestone { title } kpi { name currentValue } } }";

        try (ServiceProcess standalone = ServiceProcess.start(home, "gateway", port,
                Map.of("throughline.gateway.supergraph-file", file.toString()), LOGS.resolve("standalone"))) {
            standalone.awaitReady(Duration.ofSeconds(120));
            String viaStandalone = given().contentType(ContentType.JSON).body(Map.of("query", query))
                    .when().post(standalone.url("/graphql")).then().statusCode(200)
                    .body("errors", nullValue()).body("data.commitments", hasSize(4)).extract().asString();
            String viaPlatform = given().contentType(ContentType.JSON).body(Map.of("query", query))
                    .when().post(platform.gatewayUrl()).then().statusCode(200).extract().asString();
            assertEquals(viaPlatform, viaStandalone);
        }
    }
}
