package org.throughline.governance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class GovernanceGraphQLApiTest {

    @Inject
    DataSource dataSource;

    private static final String COMMIT_OUTCOME = """
            mutation Commit($milestone: ID!, $kpi: ID!, $value: Float!, $due: Date!, $owner: String!) {
              commitOutcome(commitment: { milestoneId: $milestone, kpiId: $kpi, expectedValue: $value, dueDate: $due,
                                          rationale: "Quotes priced in-system are faster", accountableOwner: $owner }) { id }
            }
            """;

    private static final String COMMITMENTS_OF_MILESTONE = """
            query Tethers($milestone: String!) { milestoneReferences(id: [$milestone]) { commitments { kpi { id } expectedValue } } }
            """;

    private static ValidatableResponse commitOutcome(String milestone, String kpi, double value, String due, String owner) {
        return graphql(COMMIT_OUTCOME, variables("milestone", milestone, "kpi", kpi, "value", value, "due", due, "owner", owner));
    }

    private static String commit(String milestone, String kpi, double value, String due) {
        return commitOutcome(milestone, kpi, value, due, "coo")
                .body("errors", nullValue())
                .extract().path("data.commitOutcome.id");
    }

    @Test
    void commitOutcomeStoresTheTetherAndListsItWithMilestoneAndKpiReferences() {
        String id = commitOutcome("101", "201", 48.5, "2026-12-31", "cfo")
                .body("errors", nullValue())
                .body("data.commitOutcome.id", notNullValue())
                .extract().path("data.commitOutcome.id");

        String stored = "data.commitments.find { it.id == '%s' }".formatted(id);
        graphql("""
                query { commitments { id milestone { id } kpi { id } expectedValue dueDate rationale accountableOwner } }
                """, Map.of())
                .body("errors", nullValue())
                .body(stored + ".milestone.id", equalTo("101"))
                .body(stored + ".kpi.id", equalTo("201"))
                .body(stored + ".expectedValue", equalTo(48.5f))
                .body(stored + ".dueDate", equalTo("2026-12-31"))
                .body(stored + ".accountableOwner", equalTo("cfo"));
    }

    @Test
    void commitmentsAreListedSoonestDueFirst() {
        String later = commit("111", "211", 10, "2027-06-30");
        String sooner = commit("112", "211", 20, "2026-01-31");

        ValidatableResponse listed = graphql("query { commitments { id dueDate } }", Map.of()).body("errors", nullValue());
        List<String> ids = listed.extract().path("data.commitments.id");
        List<String> dueDates = listed.extract().path("data.commitments.dueDate");
        assertEquals(dueDates.stream().sorted().toList(), dueDates);
        assertTrue(ids.indexOf(sooner) < ids.indexOf(later), "sooner due before later due: " + ids);
    }

    @Test
    void secondCommitmentForTheSameMilestoneAndKpiIsACommitmentExistsErrorAndStoresNothing() {
        commit("121", "221", 0.9, "2026-09-30");

        commitOutcome("121", "221", 0.95, "2026-10-31", "cio")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("commitment-exists"))
                .body("errors[0].message", containsString("Milestone 121 is already tethered to KPI 221"));

        graphql(COMMITMENTS_OF_MILESTONE, Map.of("milestone", "121"))
                .body("errors", nullValue())
                .body("data.milestoneReferences[0].commitments.expectedValue", contains(0.9f));
    }

    @Test
    void commitmentRacingAnUncommittedOneForTheSameTetherIsStillACommitmentExistsError() throws Exception {
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection rival = dataSource.getConnection(); Connection observer = dataSource.getConnection()) {
            // The rival's row is not committed yet, so the service's existence check cannot see it and its insert
            // waits on the unique index: exactly the race between two callers promising the same tether.
            rival.setAutoCommit(false);
            try (Statement insert = rival.createStatement()) {
                insert.executeUpdate("""
                        insert into outcome_commitment (milestone_id, kpi_id, expected_value, due_date, rationale, accountable_owner)
                        values ('131', '231', 3, date '2026-11-30', 'Rival promise', 'cio')
                        """);
            }
            Future<ValidatableResponse> racing = client.submit(() -> commitOutcome("131", "231", 4, "2026-12-31", "coo"));
            awaitABlockedInsert(observer);
            rival.commit();

            racing.get()
                    .body("data", nullValue())
                    .body("errors[0].extensions.code", equalTo("commitment-exists"))
                    .body("errors[0].message", containsString("Milestone 131 is already tethered to KPI 231"));
        } finally {
            client.shutdownNow();
        }

        graphql(COMMITMENTS_OF_MILESTONE, Map.of("milestone", "131"))
                .body("data.milestoneReferences[0].commitments.expectedValue", contains(3.0f));
    }

    private static void awaitABlockedInsert(Connection observer) throws Exception {
        for (int poll = 0; poll < 200; poll++) {
            try (Statement query = observer.createStatement();
                 ResultSet waiting = query.executeQuery("""
                         select count(*) from pg_stat_activity
                         where datname = current_database() and wait_event_type = 'Lock' and query like 'insert into outcome_commitment%'
                         """)) {
                waiting.next();
                if (waiting.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the racing commitOutcome never reached its insert");
    }

    @Test
    void blankAccountableOwnerIsAValidationErrorNotAStoredCommitment() {
        commitOutcome("141", "241", 1, "2026-03-31", "  ")
                .body("data", nullValue())
                .body("errors[0].extensions.classification", equalTo("ValidationError"))
                .body("errors[0].message", containsString("accountableOwner"));

        graphql(COMMITMENTS_OF_MILESTONE, Map.of("milestone", "141"))
                .body("errors", nullValue())
                .body("data.milestoneReferences[0].commitments", empty());
    }

    @Test
    void unknownCommitmentIsANotFoundErrorWithItsCode() {
        graphql("""
                query { commitment(id: "999999") { rationale } }
                """, Map.of())
                .body("data.commitment", nullValue())
                .body("errors[0].extensions.code", equalTo("commitment-not-found"))
                .body("errors[0].message", containsString("999999"));
    }

    @Test
    void serviceSdlDeclaresFederationV2AndKeysOnTheCommitmentAndTheReferencedEntities() {
        graphql("{ _service { sdl } }", Map.of())
                .body("data._service.sdl", containsString("url : \"https://specs.apollo.dev/federation/v2.7\""))
                .body("data._service.sdl", containsString("type OutcomeCommitment @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Milestone @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Kpi @key(fields : \"id\")"));
    }

    @Test
    void entitiesResolvesMilestonesAndKpisWithTheirCommitmentsInRequestOrder() {
        String pricingTurnaround = commit("151", "251", 2, "2026-06-30");
        String pricingShare = commit("151", "252", 0.8, "2026-05-31");
        String ledgerShare = commit("152", "252", 0.9, "2026-08-31");

        graphql("""
                query Entities($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    __typename
                    ... on Milestone { id commitments { id kpi { id } } }
                    ... on Kpi { id commitments { id milestone { id } } }
                    ... on OutcomeCommitment { id rationale }
                  }
                }
                """, Map.of("representations", List.of(
                        Map.of("__typename", "Kpi", "id", "252"),
                        Map.of("__typename", "Milestone", "id", "151"),
                        Map.of("__typename", "Milestone", "id", "159"),
                        Map.of("__typename", "Kpi", "id", "251"),
                        Map.of("__typename", "OutcomeCommitment", "id", ledgerShare),
                        Map.of("__typename", "OutcomeCommitment", "id", "not-a-number"))))
                .body("errors", nullValue())
                .body("data._entities", hasSize(6))
                .body("data._entities[0].id", equalTo("252"))
                .body("data._entities[0].commitments.id", contains(pricingShare, ledgerShare))
                .body("data._entities[0].commitments.milestone.id", contains("151", "152"))
                .body("data._entities[1].id", equalTo("151"))
                .body("data._entities[1].commitments.id", contains(pricingShare, pricingTurnaround))
                .body("data._entities[1].commitments.kpi.id", containsInAnyOrder("251", "252"))
                .body("data._entities[2].id", equalTo("159"))
                .body("data._entities[2].commitments", empty())
                .body("data._entities[3].commitments.id", contains(pricingTurnaround))
                .body("data._entities[4].__typename", equalTo("OutcomeCommitment"))
                .body("data._entities[4].rationale", equalTo("Quotes priced in-system are faster"))
                .body("data._entities[5]", nullValue());
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks", notNullValue());
    }
}
