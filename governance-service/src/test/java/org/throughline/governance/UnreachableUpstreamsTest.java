package org.throughline.governance;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.FreePort;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.commitOutcome;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/**
 * When plan-service and kpi-service cannot answer, governance stores no unchecked tether and shows no made-up figure
 * or partial list.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance_alone"))
@WithTestResource(UnreachableUpstreamsTest.NothingListens.class)
class UnreachableUpstreamsTest {

    /**
     * Points governance at ports where nothing listens. A test resource rather than a test profile: the URLs are read
     * at run time, and Quarkus restarts for another set of resources without building the application again.
     */
    public static class NothingListens implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of(PlanAndKpiServices.PLAN_URL, "http://localhost:" + FreePort.pick() + "/graphql",
                    PlanAndKpiServices.KPI_URL, "http://localhost:" + FreePort.pick() + "/graphql");
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aTetherThatCannotBeCheckedIsNotStored() {
        commitOutcome("5", "7", 80, TODAY.plusDays(30), "coo")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("upstream-unavailable"))
                .body("errors[0].message", containsString("plan-service could not answer"));
        graphql("{ commitments { milestone { id } } }", Map.of())
                .body("data.commitments.milestone.id", not(hasItem("5")));
    }

    @Test
    void aCommitmentIsStillShownWhenItsOutcomeCannotBeComputedAndTheGapIsAnError() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement insert = connection.createStatement()) {
            insert.executeUpdate("insert into outcome_commitment (milestone_id, kpi_id, expected_value, agreed_on, "
                    + "due_date, rationale, accountable_owner) values ('31', '41', 90, date '" + TODAY + "', date '"
                    + TODAY.plusDays(30) + "', 'Recorded while the services were up', 'coo')");
        }
        graphql("{ commitments { expectedValue milestone { id } outcome { delta } } }", Map.of())
                .body("data.commitments.find { it.milestone.id == '31' }.expectedValue", equalTo(90.0f))
                .body("data.commitments.find { it.milestone.id == '31' }.outcome", nullValue())
                .body("errors[0].extensions.code", equalTo("upstream-unavailable"))
                .body("errors[0].path[0]", equalTo("commitments"))
                .body("errors[0].path[2]", equalTo("outcome"));
    }

    @Test
    void anInitiativesSignalsAreAnErrorNotAShorterListWhenPlanServiceCannotSayWhichMilestonesAreIts()
            throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement insert = connection.createStatement()) {
            insert.executeUpdate("insert into signal (kind, severity, subject_type, subject_id, initiative_id, "
                    + "milestone_id, message, raised_at) values ('SLIPPAGE', 'HIGH', 'MILESTONE', '78', '12', '78', "
                    + "'Slipping', now())");
        }
        graphql("""
                query InitiativeSignals($reps: [_Any!]!) {
                  _entities(representations: $reps) { ... on Initiative { id signals { kind } } }
                }
                """, Map.of("reps", List.of(Map.of("__typename", "Initiative", "id", "12"))))
                .body("data._entities[0].id", equalTo("12"))
                .body("data._entities[0].signals", nullValue())
                .body("errors[0].extensions.code", equalTo("upstream-unavailable"))
                .body("errors[0].message", containsString("plan-service could not answer"))
                .body("errors[0].path[0]", equalTo("_entities"))
                .body("errors[0].path[2]", equalTo("signals"));
    }

    @Test
    void anEvaluationThatCannotReadTheFactsClearsNothing() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement insert = connection.createStatement()) {
            insert.executeUpdate("insert into signal (kind, severity, subject_type, subject_id, milestone_id, message, "
                    + "raised_at) values ('SLIPPAGE', 'HIGH', 'MILESTONE', '77', '77', 'Slipping', now())");
        }
        graphql("mutation { evaluateSignals { cleared } }", Map.of())
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("upstream-unavailable"));
        graphql("{ signals(filter: { kinds: [SLIPPAGE] }) { subjectId open } }", Map.of())
                .body("data.signals.find { it.subjectId == '77' }.open", equalTo(true));
    }
}
