package org.throughline.governance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.commit;
import static org.throughline.governance.GovernanceFixture.commitOutcome;
import static org.throughline.governance.GovernanceFixture.kpi;
import static org.throughline.governance.GovernanceFixture.plan;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
@WithTestResource(PlanAndKpiServices.class)
class GovernanceGraphQLApiTest {

    private static final String COMMITMENTS_OF_MILESTONE = """
            query Tethers($milestone: String!) {
              milestoneReferences(id: [$milestone]) { commitments { kpi { id } expectedValue status } }
            }
            """;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = PlanAndKpiServices.PLAN_URL)
    String planUrl;

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;

    private String milestone(String title) {
        return plan(planUrl, "Plan of " + title, title).milestones().get(0);
    }

    private String kpi(String name) {
        return GovernanceFixture.kpi(kpiUrl, name, "HIGHER_IS_BETTER", 35, 95, "head-of-sales");
    }

    private static ValidatableResponse amend(String id, int version, Map<String, Object> changes, String reason) {
        return graphql("""
                mutation Amend($id: ID!, $version: Int!, $changes: CommitmentChanges!, $reason: String!) {
                  amendCommitment(id: $id, version: $version, changes: $changes, reason: $reason) {
                    version expectedValue dueDate accountableOwner status
                  }
                }
                """, variables("id", id, "version", version, "changes", changes, "reason", reason));
    }

    private static ValidatableResponse withdraw(String id, int version, String reason) {
        return graphql("""
                mutation Withdraw($id: ID!, $version: Int!, $reason: String!) {
                  withdrawCommitment(id: $id, version: $version, reason: $reason) { version status withdrawnAt }
                }
                """, variables("id", id, "version", version, "reason", reason));
    }

    /**
     * Through the gateway, a non-null root field that governance cannot answer would null every other service's data
     * beside it; only the entity resolvers, which clients never see, are non-null.
     */
    @Test
    void everyRootQueryIsNullableSoThatAFailureNullsOnlyItsOwnField() {
        graphql("query RootQueries { __schema { queryType { fields { name type { kind } } } } }", Map.of())
                .body("errors", nullValue())
                .body("data.__schema.queryType.fields.name", hasItems("commitments", "commitment", "person", "reviews",
                        "review", "reviewAsOf", "signals"))
                .body("data.__schema.queryType.fields.findAll { it.type.kind == 'NON_NULL' }.name",
                        containsInAnyOrder("_entities", "_service", "commitmentsById", "milestoneReferences",
                                "kpiReferences", "workstreamReferences", "initiativeReferences",
                                "governancePeopleById"));
    }

    @Test
    void aCommitmentTethersAMilestoneAndAKpiThatBothExist() {
        String milestone = milestone("Pricing engine cut-over");
        String kpi = kpi("Quotes priced in-system");
        String commitment = commit(milestone, kpi, 95, TODAY.plusDays(84));

        graphql("""
                query One($id: ID!) {
                  commitment(id: $id) {
                    expectedValue dueDate rationale accountableOwner status version
                    milestone { id } kpi { id }
                    revisions { version changedBy changes { field } }
                  }
                }
                """, Map.of("id", commitment))
                .body("errors", nullValue())
                .body("data.commitment.expectedValue", equalTo(95.0f))
                .body("data.commitment.status", equalTo("ACTIVE"))
                .body("data.commitment.milestone.id", equalTo(milestone))
                .body("data.commitment.kpi.id", equalTo(kpi))
                .body("data.commitment.revisions.version", contains(0))
                .body("data.commitment.revisions[0].changes.field", hasItem("expectedValue"));
        graphql(COMMITMENTS_OF_MILESTONE, Map.of("milestone", milestone))
                .body("data.milestoneReferences[0].commitments.kpi.id", contains(kpi));
    }

    @Test
    void aCommitmentToAMilestoneOrKpiThatDoesNotExistIsRefusedAndNothingIsStored() {
        String milestone = milestone("Real milestone");
        String kpi = kpi("Real KPI");
        commitOutcome("987654321", kpi, 1, TODAY.plusDays(10), "coo")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("milestone-not-found"))
                .body("errors[0].extensions.field", equalTo("milestoneId"));
        commitOutcome(milestone, "987654321", 1, TODAY.plusDays(10), "coo")
                .body("errors[0].extensions.code", equalTo("kpi-not-found"))
                .body("errors[0].extensions.field", equalTo("kpiId"));
        commitOutcome("garbage", kpi, 1, TODAY.plusDays(10), "coo")
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("milestoneId"));
        graphql(COMMITMENTS_OF_MILESTONE, Map.of("milestone", milestone))
                .body("data.milestoneReferences[0].commitments", empty());
        graphql("{ commitments(includeWithdrawn: true) { milestone { id } } }", Map.of())
                .body("data.commitments.milestone.id", not(hasItem("987654321")));
    }

    @Test
    void aPaddedIdNamesTheSameTetherAndCannotDoubleIt() {
        String milestone = milestone("Padded");
        String kpi = kpi("Padded KPI");
        commit(milestone, kpi, 90, TODAY.plusDays(50));
        commitOutcome(" 0" + milestone + " ", "00" + kpi, 91, TODAY.plusDays(60), "cfo")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("commitment-exists"))
                .body("errors[0].message", containsString("Milestone " + milestone + " is already tethered to KPI " + kpi));
    }

    @Test
    void aCommitmentRacingAnUncommittedOneForTheSameTetherIsStillACommitmentExistsError() throws Exception {
        String milestone = milestone("Raced");
        String kpi = kpi("Raced KPI");
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection rival = dataSource.getConnection(); Connection observer = dataSource.getConnection()) {
            // The rival's row is not committed yet, so the service's existence check cannot see it and its insert
            // waits on the unique index: exactly the race between two callers promising the same tether.
            rival.setAutoCommit(false);
            try (Statement insert = rival.createStatement()) {
                insert.executeUpdate("insert into outcome_commitment (milestone_id, kpi_id, expected_value, agreed_on, "
                        + "due_date, rationale, accountable_owner) values ('" + milestone + "', '" + kpi + "', 3, date '"
                        + TODAY + "', date '" + TODAY.plusDays(30) + "', 'Rival promise', 'cio')");
            }
            Future<ValidatableResponse> racing = client.submit(() -> commitOutcome(milestone, kpi, 4,
                    TODAY.plusDays(40), "coo"));
            awaitABlockedInsert(observer);
            rival.commit();
            racing.get()
                    .body("data", nullValue())
                    .body("errors[0].extensions.code", equalTo("commitment-exists"));
        } finally {
            client.shutdownNow();
        }
        graphql(COMMITMENTS_OF_MILESTONE, Map.of("milestone", milestone))
                .body("data.milestoneReferences[0].commitments.expectedValue", contains(3.0f));
    }

    private static void awaitABlockedInsert(Connection observer) throws Exception {
        for (int poll = 0; poll < 200; poll++) {
            try (Statement query = observer.createStatement();
                 ResultSet waiting = query.executeQuery("""
                         select count(*) from pg_stat_activity where datname = current_database()
                         and wait_event_type = 'Lock' and query like 'insert into outcome_commitment%'
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
    void anAmendmentNeedsAReasonAndTheVersionReadAndIsKeptAsARevision() {
        String commitment = commit(milestone("Amended"), kpi("Amended KPI"), 80, TODAY.plusDays(40));
        amend(commitment, 0, Map.of("expectedValue", 85.0), " ")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("reason-required"));
        amend(commitment, 0, Map.of("expectedValue", 85.0, "accountableOwner", "cfo"), "Pricing rules came back in scope")
                .body("errors", nullValue())
                .body("data.amendCommitment.version", equalTo(1))
                .body("data.amendCommitment.expectedValue", equalTo(85.0f))
                .body("data.amendCommitment.accountableOwner", equalTo("cfo"));
        amend(commitment, 0, Map.of("expectedValue", 70.0), "On a stale read")
                .body("errors[0].extensions.code", equalTo("version-conflict"));
        amend(commitment, 1, Map.of("dueDate", TODAY.minusDays(1).toString()), "Backdated")
                .body("errors[0].extensions.code", equalTo("invalid-commitment"))
                .body("errors[0].extensions.field", equalTo("dueDate"));
        graphql("query H($id: ID!) { commitment(id: $id) { revisions { version reason changes { field before after } } } }",
                Map.of("id", commitment))
                .body("data.commitment.revisions.version", contains(0, 1))
                .body("data.commitment.revisions[1].reason", equalTo("Pricing rules came back in scope"))
                .body("data.commitment.revisions[1].changes.field", contains("expectedValue", "accountableOwner"))
                .body("data.commitment.revisions[1].changes[0].before", equalTo("80.0"))
                .body("data.commitment.revisions[1].changes[0].after", equalTo("85.0"));
    }

    @Test
    void aWithdrawnCommitmentStaysInTheRecordInactiveAndFreesItsTether() throws SQLException {
        String milestone = milestone("Withdrawn");
        String kpi = kpi("Withdrawn KPI");
        String commitment = commit(milestone, kpi, 80, TODAY.plusDays(40));
        withdraw(commitment, 0, "Descoped with the milestone's pricing part")
                .body("errors", nullValue())
                .body("data.withdrawCommitment.status", equalTo("WITHDRAWN"))
                .body("data.withdrawCommitment.withdrawnAt", notNullValue());
        amend(commitment, 1, Map.of("expectedValue", 1.0), "Too late")
                .body("errors[0].extensions.code", equalTo("invalid-commitment"));
        graphql(COMMITMENTS_OF_MILESTONE, Map.of("milestone", milestone))
                .body("data.milestoneReferences[0].commitments", empty());
        graphql("{ commitments(includeWithdrawn: true) { id status } }", Map.of())
                .body("data.commitments.find { it.id == '" + commitment + "' }.status", equalTo("WITHDRAWN"));

        String renewed = commit(milestone, kpi, 70, TODAY.plusDays(60));
        graphql(COMMITMENTS_OF_MILESTONE, Map.of("milestone", milestone))
                .body("data.milestoneReferences[0].commitments", hasSize(1))
                .body("data.milestoneReferences[0].commitments[0].expectedValue", equalTo(70.0f));
        assertTrue(!renewed.equals(commitment));

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            SQLException delete = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("delete from outcome_commitment where id = " + commitment));
            assertTrue(delete.getMessage().contains("never deleted"), delete.getMessage());
        }
    }

    @Test
    void aDueDateInThePastIsRefusedForACommitmentAgreedToday() {
        commitOutcome(milestone("Past"), kpi("Past KPI"), 80, TODAY.minusDays(3), "coo")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("invalid-commitment"))
                .body("errors[0].extensions.field", equalTo("dueDate"));
    }

    @Test
    void aCommitmentAgreedEarlierKeepsTheDayItWasAgreedAndMayAlreadyHaveFallenDue() {
        String commitment = commitOutcome(milestone("Brought in"), kpi("Brought in KPI"), 80, TODAY.minusDays(90),
                TODAY.minusDays(5), "coo")
                .body("errors", nullValue())
                .body("data.commitOutcome.agreedOn", equalTo(TODAY.minusDays(90).toString()))
                .body("data.commitOutcome.dueDate", equalTo(TODAY.minusDays(5).toString()))
                .extract().path("data.commitOutcome.id");
        graphql("query H($id: ID!) { commitment(id: $id) { agreedOn revisions { version changes { field after } } } }",
                Map.of("id", commitment))
                .body("data.commitment.agreedOn", equalTo(TODAY.minusDays(90).toString()))
                .body("data.commitment.revisions[0].changes.find { it.field == 'agreedOn' }.after",
                        equalTo(TODAY.minusDays(90).toString()));
        // Amending it is a promise made today: a new due date cannot lie in the past.
        amend(commitment, 0, Map.of("dueDate", TODAY.minusDays(2).toString()), "Moved within the past")
                .body("errors[0].extensions.code", equalTo("invalid-commitment"))
                .body("errors[0].extensions.field", equalTo("dueDate"));
    }

    @Test
    void aCommitmentCannotBeAgreedInTheFutureNorFallDueBeforeItWasAgreed() {
        commitOutcome(milestone("Not yet agreed"), kpi("Not yet agreed KPI"), 80, TODAY.plusDays(1),
                TODAY.plusDays(40), "coo")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("invalid-commitment"))
                .body("errors[0].extensions.field", equalTo("agreedOn"));
        commitOutcome(milestone("Due before agreed"), kpi("Due before agreed KPI"), 80, TODAY.minusDays(30),
                TODAY.minusDays(31), "coo")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("invalid-commitment"))
                .body("errors[0].extensions.field", equalTo("dueDate"))
                .body("errors[0].message", containsString(TODAY.minusDays(30).toString()));
    }

    @Test
    void onePersonIsAccountableForCommitments() {
        String commitment = commitOutcome(milestone("Owned"), kpi("Owned KPI"), 80, TODAY.plusDays(40), "governance-ana")
                .body("errors", nullValue()).extract().path("data.commitOutcome.id");
        graphql("{ person(id: \"governance-ana\") { id accountableCommitments { id } } }", Map.of())
                .body("errors", nullValue())
                .body("data.person.accountableCommitments.id", contains(commitment));
    }

    @Test
    void theSchemaLetsACommitmentOutliveAnOutageOfTheServicesItReferences() {
        graphql("{ _service { sdl } }", Map.of())
                .body("data._service.sdl", containsString("url : \"https://specs.apollo.dev/federation/v2.7\""))
                .body("data._service.sdl", containsString("type OutcomeCommitment @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Milestone @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("type Person @key(fields : \"id\")"))
                .body("data._service.sdl", containsString("milestone: Milestone\n"))
                .body("data._service.sdl", containsString("kpi: Kpi\n"))
                .body("data._service.sdl", containsString("commitments: [OutcomeCommitment!]\n"))
                .body("data._service.sdl", containsString("outcomeRealisation: OutcomeRealisation\n"));
    }

    @Test
    void entitiesResolveMilestonesAndKpisWithTheirCommitmentsInRequestOrder() {
        String milestone = milestone("Entities");
        String kpi = kpi("Entities KPI");
        commit(milestone, kpi, 42, TODAY.plusDays(20));
        graphql("""
                query Entities($representations: [_Any!]!) {
                  _entities(representations: $representations) {
                    __typename
                    ... on Milestone { id commitments { expectedValue } }
                    ... on Kpi { id commitments { milestone { id } } }
                  }
                }
                """, Map.of("representations", List.of(
                        Map.of("__typename", "Kpi", "id", kpi),
                        Map.of("__typename", "Milestone", "id", "404"),
                        Map.of("__typename", "Milestone", "id", milestone))))
                .body("errors", nullValue())
                .body("data._entities", hasSize(3))
                .body("data._entities[0].commitments.milestone.id", contains(milestone))
                .body("data._entities[1].commitments", empty())
                .body("data._entities[2].commitments.expectedValue", contains(42.0f));
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
