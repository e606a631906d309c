package org.throughline.governance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.commit;
import static org.throughline.governance.GovernanceFixture.measure;
import static org.throughline.governance.GovernanceFixture.near;
import static org.throughline.governance.GovernanceFixture.plan;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/**
 * A service governance reads from hangs (SIGSTOP: it accepts connections and answers nothing, as one stuck in a full
 * heap would). Governance keeps answering from what it last read of it, marked as not live, instead of erroring or
 * waiting with its callers; once the service answers again, the figures are live again.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
@WithTestResource(PlanAndKpiServices.class)
class HungUpstreamTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @ConfigProperty(name = PlanAndKpiServices.PLAN_URL)
    String planUrl;

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;

    private static final String OUTCOMES = """
            query Outcomes($commitment: ID!, $reps: [_Any!]!) {
              commitment(id: $commitment) { outcome { actualValue delta freshness { live readAt } } }
              _entities(representations: $reps) {
                ... on Initiative { outcomeRealisation { commitments measured freshness { live readAt } } signals { kind } }
              }
            }
            """;

    private ValidatableResponse outcomes(String commitment, String initiative) {
        return graphql(OUTCOMES, Map.of("commitment", commitment,
                "reps", List.of(Map.of("__typename", "Initiative", "id", initiative))));
    }

    @Test
    void withKpiServiceHungTheOutcomesAreTheLastReadOnesMarkedNotLiveAndLiveAgainOnceItAnswers() throws Exception {
        GovernanceFixture.Plan plan = plan(planUrl, "Hung KPI programme", "Cut-over");
        String kpi = GovernanceFixture.kpi(kpiUrl, "Hung turnaround", "LOWER_IS_BETTER", 20, 8, "head-of-sales");
        measure(kpiUrl, kpi, 17, TODAY.minusDays(1));
        String commitment = commit(plan.milestones().get(0), kpi, 8, TODAY.plusDays(100));
        graphql("mutation { evaluateSignals { evaluatedAt } }", Map.of()).body("errors", nullValue());
        outcomes(commitment, plan.initiative())
                .body("errors", nullValue())
                .body("data.commitment.outcome.freshness.live", equalTo(true))
                .body("data._entities[0].outcomeRealisation.freshness.live", equalTo(true));

        ProcessHandle kpiService = PlanAndKpiServices.process("kpi-service");
        signal("STOP", kpiService);
        try {
            // Asked twice: the first waits out governance's deadline, the second finds kpi-service held off.
            for (int asked = 0; asked < 2; asked++) {
                outcomes(commitment, plan.initiative())
                        .body("errors", nullValue())
                        .body("data.commitment.outcome.actualValue", near(17))
                        .body("data.commitment.outcome.delta", near(14 - 17))
                        .body("data.commitment.outcome.freshness.live", equalTo(false))
                        .body("data.commitment.outcome.freshness.readAt", notNullValue())
                        .body("data._entities[0].outcomeRealisation.commitments", equalTo(1))
                        .body("data._entities[0].outcomeRealisation.measured", equalTo(1))
                        .body("data._entities[0].outcomeRealisation.freshness.live", equalTo(false));
            }
            // The evaluation cannot read the KPIs: it says so and clears nothing, and the plan it read is known.
            graphql("mutation { evaluateSignals { evaluatedAt } }", Map.of())
                    .body("errors[0].extensions.code", equalTo("upstream-unavailable"))
                    .body("errors[0].message", containsString("kpi-service could not answer"));
        } finally {
            signal("CONT", kpiService);
        }
        awaitLive(() -> outcomes(commitment, plan.initiative()).extract().path("data.commitment.outcome.freshness.live"));
    }

    @Test
    void withPlanServiceHungAnInitiativesSignalsAndRealisationComeFromThePlanLastReadMarkedNotLive() throws Exception {
        GovernanceFixture.Plan plan = plan(planUrl, "Hung plan programme", "Cut-over", "Training");
        String kpi = GovernanceFixture.kpi(kpiUrl, "Hung in-system share", "HIGHER_IS_BETTER", 35, 95, "head-of-sales");
        measure(kpiUrl, kpi, 55, TODAY.minusDays(1));
        String commitment = commit(plan.milestones().get(1), kpi, 95, TODAY.plusDays(100));
        graphql("mutation { evaluateSignals { evaluatedAt } }", Map.of()).body("errors", nullValue());

        ProcessHandle planService = PlanAndKpiServices.process("plan-service");
        signal("STOP", planService);
        try {
            outcomes(commitment, plan.initiative())
                    .body("errors", nullValue())
                    .body("data.commitment.outcome.freshness.live", equalTo(true))
                    .body("data._entities[0].outcomeRealisation.commitments", equalTo(1))
                    .body("data._entities[0].outcomeRealisation.freshness.live", equalTo(false))
                    .body("data._entities[0].signals.kind", org.hamcrest.Matchers.hasItem("UNTETHERED_MILESTONE"));
        } finally {
            signal("CONT", planService);
        }
        awaitLive(() -> outcomes(commitment, plan.initiative()).extract()
                .path("data._entities[0].outcomeRealisation.freshness.live"));
    }

    private static void signal(String signal, ProcessHandle process) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
        }
    }

    /** Waits until governance reads the service live again (once its hold-off has passed). */
    private static void awaitLive(java.util.function.Supplier<Boolean> live) throws InterruptedException {
        Instant until = Instant.now().plus(WITHIN);
        while (!Boolean.TRUE.equals(live.get())) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("governance did not read the service live again within " + WITHIN);
            }
            Thread.sleep(250);
        }
    }
}
