package org.throughline.governance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.near;
import static org.throughline.governance.GovernanceFixture.commit;
import static org.throughline.governance.GovernanceFixture.measure;
import static org.throughline.governance.GovernanceFixture.plan;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/**
 * Outcome deltas and realisation from kpi-service's live values, through the real services. The KPIs' baselines lie
 * 100 days back; each promise is due 100 days ahead, so today is halfway along every committed trajectory.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
@WithTestResource(PlanAndKpiServices.class)
class OutcomeTest {

    @ConfigProperty(name = PlanAndKpiServices.PLAN_URL)
    String planUrl;

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;


    @Test
    void theOutcomeDeltaOfEachCommitmentAndItsRollUpToMilestoneWorkstreamAndInitiative() {
        GovernanceFixture.Plan plan = plan(planUrl, "Outcome programme", "Pricing cut-over", "Quote tool", "Untethered");
        String inSystem = GovernanceFixture.kpi(kpiUrl, "In-system share", "HIGHER_IS_BETTER", 35, 95, "head-of-sales");
        String turnaround = GovernanceFixture.kpi(kpiUrl, "Turnaround", "LOWER_IS_BETTER", 20, 8, "head-of-sales");
        String unmeasured = GovernanceFixture.kpi(kpiUrl, "Not yet measured", "HIGHER_IS_BETTER", 0, 10, "cfo");
        measure(kpiUrl, inSystem, 55, TODAY.minusDays(1));
        measure(kpiUrl, turnaround, 17, TODAY.minusDays(1));
        String rising = commit(plan.milestones().get(0), inSystem, 95, TODAY.plusDays(100));
        commit(plan.milestones().get(0), turnaround, 8, TODAY.plusDays(100));
        commit(plan.milestones().get(1), unmeasured, 10, TODAY.plusDays(100));

        // In-system: 65 expected today, 55 observed: 10 behind, 1/6 of the promised move, 5/6 realised.
        // Turnaround: 14 expected, 17 observed: 3 hours behind a fall of 12, 1/4, 3/4 realised.
        graphql("""
                query Outcome($id: ID!) {
                  commitment(id: $id) {
                    outcome { day expectedValueToday actualValue delta normalisedDelta realisation }
                  }
                }
                """, Map.of("id", rising))
                .body("errors", nullValue())
                .body("data.commitment.outcome.day", equalTo(TODAY.toString()))
                .body("data.commitment.outcome.expectedValueToday", near(65))
                .body("data.commitment.outcome.actualValue", near(55))
                .body("data.commitment.outcome.delta", near(10))
                .body("data.commitment.outcome.normalisedDelta", near(1.0 / 6))
                .body("data.commitment.outcome.realisation", near(5.0 / 6));

        String realisation = "outcomeRealisation { commitments measured realisation worstRealisation }";
        graphql("""
                query RollUp($reps: [_Any!]!) {
                  _entities(representations: $reps) {
                    ... on Milestone { %s }
                    ... on Workstream { %s }
                    ... on Initiative { %s }
                  }
                }
                """.formatted(realisation, realisation, realisation), Map.of("reps", List.of(
                        Map.of("__typename", "Milestone", "id", plan.milestones().get(0)),
                        Map.of("__typename", "Milestone", "id", plan.milestones().get(2)),
                        Map.of("__typename", "Workstream", "id", plan.workstream()),
                        Map.of("__typename", "Initiative", "id", plan.initiative()))))
                .body("errors", nullValue())
                .body("data._entities[0].outcomeRealisation.commitments", equalTo(2))
                .body("data._entities[0].outcomeRealisation.measured", equalTo(2))
                .body("data._entities[0].outcomeRealisation.realisation", near((5.0 / 6 + 0.75) / 2))
                .body("data._entities[0].outcomeRealisation.worstRealisation", near(0.75))
                .body("data._entities[1].outcomeRealisation.commitments", equalTo(0))
                .body("data._entities[1].outcomeRealisation.realisation", nullValue())
                .body("data._entities[2].outcomeRealisation.commitments", equalTo(3))
                .body("data._entities[2].outcomeRealisation.measured", equalTo(2))
                .body("data._entities[2].outcomeRealisation.realisation", near((5.0 / 6 + 0.75) / 2))
                .body("data._entities[3].outcomeRealisation.commitments", equalTo(3));
    }
}
