package org.throughline.governance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.throughline.governance.service.CommitmentService;
import org.throughline.governance.signoff.EffectProofs;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.changeMilestone;
import static org.throughline.governance.GovernanceFixture.commit;
import static org.throughline.governance.GovernanceFixture.plan;
import static org.throughline.governance.GovernanceFixture.post;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * Effect sign-off: the owner of each KPI a milestone is tethered to confirms the effect, and governance then moves the
 * milestone to EFFECT_PROVEN in plan-service, through the seam reserved for it.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
@WithTestResource(PlanAndKpiServices.class)
class EffectSignOffTest {

    private static final String SIGN_OFF = """
            mutation SignOff($commitment: ID!, $signedBy: ID!, $statement: String!) {
              signOffEffect(commitmentId: $commitment, signedBy: $signedBy, statement: $statement) {
                signOff { id signedBy { id } statement signedAt commitmentVersion commitment { id } milestone { id } kpi { id } }
                milestoneSignOff { complete awaitingSignOff { id } signOffs { kpi { id } } }
                effectProven
              }
            }
            """;

    @ConfigProperty(name = PlanAndKpiServices.PLAN_URL)
    String planUrl;

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;

    @Inject
    CommitmentService commitments;

    @Inject
    EffectProofs proofs;

    @Inject
    DataSource dataSource;

    private static io.restassured.response.ValidatableResponse signOff(String commitment, String signedBy) {
        return graphql(SIGN_OFF, variables("commitment", commitment, "signedBy", signedBy,
                "statement", "Quote turnaround fell as promised once pricing ran in the ERP"));
    }

    private String stageGate(String milestone) {
        return post(planUrl, "query G($id: ID!) { milestone(id: $id) { stageGate } }", Map.of("id", milestone))
                .getString("data.milestone.stageGate");
    }

    private void implement(String milestone) {
        changeMilestone(planUrl, milestone, Map.of("stageGate", "IMPLEMENTED", "deliveryStatus", "DELIVERED"),
                "Went live in one step");
    }

    /** A milestone tethered to two KPIs with different owners. */
    private record Tethered(String milestone, String turnaround, String winRate, String onTurnaround, String onWinRate) {
    }

    private Tethered tethered(String name) {
        GovernanceFixture.Plan plan = plan(planUrl, name, "Pricing engine cut-over");
        String milestone = plan.milestones().get(0);
        String turnaround = GovernanceFixture.kpi(kpiUrl, name + " turnaround", "LOWER_IS_BETTER", 20, 8, "head-of-sales");
        String winRate = GovernanceFixture.kpi(kpiUrl, name + " win rate", "HIGHER_IS_BETTER", 20, 30, "cfo");
        return new Tethered(milestone, turnaround, winRate, commit(milestone, turnaround, 8, TODAY.plusDays(100)),
                commit(milestone, winRate, 30, TODAY.plusDays(100)));
    }

    @Test
    void theEffectIsProvenOnceTheOwnerOfEveryTetheredKpiHasSignedItOff() {
        Tethered tethered = tethered("Sign-off programme");
        implement(tethered.milestone());

        signOff(tethered.onTurnaround(), "head-of-sales").body("errors", nullValue())
                .body("data.signOffEffect.signOff.signedBy.id", equalTo("head-of-sales"))
                .body("data.signOffEffect.signOff.commitment.id", equalTo(tethered.onTurnaround()))
                .body("data.signOffEffect.signOff.milestone.id", equalTo(tethered.milestone()))
                .body("data.signOffEffect.signOff.kpi.id", equalTo(tethered.turnaround()))
                .body("data.signOffEffect.milestoneSignOff.complete", equalTo(false))
                .body("data.signOffEffect.milestoneSignOff.awaitingSignOff.id", contains(tethered.winRate()))
                .body("data.signOffEffect.effectProven", equalTo(false));
        assertEquals("IMPLEMENTED", stageGate(tethered.milestone()), "one KPI owner's word is not enough");

        signOff(tethered.onWinRate(), "cfo").body("errors", nullValue())
                .body("data.signOffEffect.milestoneSignOff.complete", equalTo(true))
                .body("data.signOffEffect.milestoneSignOff.awaitingSignOff", empty())
                .body("data.signOffEffect.milestoneSignOff.signOffs.kpi.id",
                        contains(tethered.turnaround(), tethered.winRate()))
                .body("data.signOffEffect.effectProven", equalTo(true));
        JsonPath milestone = post(planUrl, """
                query G($id: ID!) { milestone(id: $id) { stageGate revisions { reason changedBy } } }
                """, Map.of("id", tethered.milestone()));
        assertEquals("EFFECT_PROVEN", milestone.getString("data.milestone.stageGate"));
        String evidence = milestone.getString("data.milestone.revisions[-1].reason");
        assertTrue(evidence.contains("KPI " + tethered.turnaround() + " by head-of-sales")
                && evidence.contains("KPI " + tethered.winRate() + " by cfo"), evidence);

        graphql("""
                query Where($reps: [_Any!]!) {
                  _entities(representations: $reps) { ... on Milestone { effectSignOff { complete signOffs { signedBy { id } } } } }
                }
                """, Map.of("reps", List.of(Map.of("__typename", "Milestone", "id", tethered.milestone()))))
                .body("errors", nullValue())
                .body("data._entities[0].effectSignOff.complete", equalTo(true))
                .body("data._entities[0].effectSignOff.signOffs.signedBy.id", contains("head-of-sales", "cfo"));
    }

    @Test
    void onlyTheKpiOwnerSignsOffAndOnlyOnceTheMilestoneIsImplemented() {
        Tethered tethered = tethered("Refusals programme");
        signOff(tethered.onTurnaround(), "head-of-sales")
                .body("errors[0].extensions.code", equalTo("milestone-not-implemented"))
                .body("errors[0].message", containsString("IDENTIFIED"))
                .body("data", nullValue());
        implement(tethered.milestone());
        signOff(tethered.onTurnaround(), "it-lead")
                .body("errors[0].extensions.code", equalTo("not-kpi-owner"))
                .body("errors[0].extensions.field", equalTo("signedBy"))
                .body("errors[0].message", containsString("head-of-sales"));
        signOff("999999", "head-of-sales").body("errors[0].extensions.code", equalTo("commitment-not-found"));
        graphql(SIGN_OFF, variables("commitment", tethered.onTurnaround(), "signedBy", "head-of-sales", "statement", " "))
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("statement"));
        graphql("""
                query Where($reps: [_Any!]!) {
                  _entities(representations: $reps) { ... on Milestone { effectSignOff { complete signOffs { id } awaitingSignOff { id } } } }
                }
                """, Map.of("reps", List.of(Map.of("__typename", "Milestone", "id", tethered.milestone()))))
                .body("data._entities[0].effectSignOff.signOffs", empty())
                .body("data._entities[0].effectSignOff.awaitingSignOff.id",
                        contains(tethered.turnaround(), tethered.winRate()));

        String first = signOff(tethered.onTurnaround(), "head-of-sales").body("errors", nullValue())
                .extract().path("data.signOffEffect.signOff.id");
        signOff(tethered.onTurnaround(), "head-of-sales").body("errors", nullValue())
                .body("data.signOffEffect.signOff.id", equalTo(first));

        int version = graphql("query V($id: ID!) { commitment(id: $id) { version } }",
                Map.of("id", tethered.onWinRate())).extract().path("data.commitment.version");
        graphql("""
                mutation W($id: ID!, $version: Int!) { withdrawCommitment(id: $id, version: $version, reason: "No longer expected") { status } }
                """, variables("id", tethered.onWinRate(), "version", version)).body("errors", nullValue());
        signOff(tethered.onWinRate(), "cfo").body("errors[0].extensions.code", equalTo("invalid-commitment"));
        assertEquals("EFFECT_PROVEN", stageGate(tethered.milestone()),
                "withdrawing the one tether left unsigned proves the effect the other KPI's owner signed off");
    }

    @Test
    void aSignedOffEffectThatWasNotProvenAtOnceIsProvenByTheNextPass() throws Exception {
        Tethered tethered = tethered("Catch-up programme");
        implement(tethered.milestone());
        signOff(tethered.onTurnaround(), "head-of-sales").body("errors", nullValue());
        int version = commitments.commitment(tethered.onWinRate()).orElseThrow().version;
        // Withdrawn without the proof that the API makes right after: as if plan-service had been down at that moment.
        commitments.withdraw(tethered.onWinRate(), version, "No longer expected");
        assertEquals("IMPLEMENTED", stageGate(tethered.milestone()));

        assertEquals(1, proofs.proveSignedOff());
        assertEquals("EFFECT_PROVEN", stageGate(tethered.milestone()));
        assertEquals(0, proofs.proveSignedOff(), "a proven effect is not proven twice");
    }

    @Test
    void aMilestoneWithoutActiveCommitmentsIsNeverProven() throws Exception {
        Tethered tethered = tethered("Untethered programme");
        implement(tethered.milestone());
        for (String commitment : List.of(tethered.onTurnaround(), tethered.onWinRate())) {
            commitments.withdraw(commitment, commitments.commitment(commitment).orElseThrow().version, "Dropped");
        }
        proofs.proveSignedOff();
        assertEquals("IMPLEMENTED", stageGate(tethered.milestone()), "no KPI owner signed anything off");
    }

    @Test
    void aSignOffIsKeptAsGiven() throws SQLException {
        Tethered tethered = tethered("Kept programme");
        implement(tethered.milestone());
        signOff(tethered.onTurnaround(), "head-of-sales").body("errors", nullValue());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("update effect_sign_off set signed_by = 'someone-else'"));
            assertTrue(refused.getMessage().contains("kept as given"), refused.getMessage());
            assertThrows(SQLException.class, () -> statement.executeUpdate("delete from effect_sign_off"));
        }
    }
}
