package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.throughline.plan.PlanFixture.addMilestone;
import static org.throughline.plan.PlanFixture.addWorkstream;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.plan.PlanFixture.updateMilestone;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/** Every list field is batched: a deep plan query costs the same number of SQL statements for 9 or 60 milestones. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PlanQueryCostTest {

    private static final String DEEP = """
            query Deep($id: ID!, $asOf: DateTime) {
              initiative(id: $id, asOf: $asOf) {
                name revisions { version }
                workstreams {
                  name initiative { name } revisions { changes { field } }
                  milestones {
                    title slippageDays workstream { name } initiative { name }
                    dependsOn { title dependsOn { title } } dependents { title }
                    revisions { changedBy changes { field before after } }
                  }
                }
              }
            }
            """;

    @Inject
    SessionFactory sessionFactory;

    @Test
    void aHundredLevelCycleSentStraightToThePlanServiceIsRefusedForItsDepthBeforeItRuns() {
        String cycle = "{ milestones { nodes {" + " initiative { milestones {".repeat(49) + " id"
                + " } }".repeat(49) + " } } }";
        graphql(cycle, Map.of())
                .body("data", nullValue())
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("MAX_DEPTH_LIMIT"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("deep"));
    }

    @Test
    void aQueryOfMoreFieldsThanAServiceAnswersIsRefusedForThemBeforeItRuns() {
        graphql("{ milestones { nodes {" + " title".repeat(1_001) + " } } }", Map.of())
                .body("data", nullValue())
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("MAX_FIELDS_LIMIT"));
    }

    /** A plan of three workstreams whose milestones each depend on the one before, each changed once. */
    private static String plan(String name, int milestonesPerWorkstream) {
        String initiative = createInitiative(name, "cio");
        for (String function : List.of("IT", "SALES", "FINANCE")) {
            String lane = addWorkstream(initiative, function + " lane", function, "lead");
            List<String> previous = new ArrayList<>();
            for (int i = 0; i < milestonesPerWorkstream; i++) {
                String id = addMilestone(lane, function + " " + i, "2026-0" + (1 + i % 9) + "-01", null, "lead", previous);
                updateMilestone(id, 0, Map.of("health", "AMBER"), null).body("errors", nullValue());
                previous = List.of(id);
            }
        }
        return initiative;
    }

    private long statementsFor(String initiative, String asOf, int milestones) {
        sessionFactory.getStatistics().clear();
        graphql(DEEP, variables("id", initiative, "asOf", asOf))
                .body("errors", nullValue())
                .body("data.initiative.workstreams", hasSize(3))
                .body("data.initiative.workstreams[0].milestones", hasSize(milestones));
        return sessionFactory.getStatistics().getPrepareStatementCount();
    }

    @Test
    void aDeepPlanQueryCostsTheSameNumberOfStatementsForFewAndManyMilestones() {
        // Three per workstream is the smallest plan whose chains reach the query's depth; a shallower one would skip
        // the empty levels and cost less, which says nothing about batching.
        String small = plan("Small plan", 3);
        String large = plan("Large plan", 20);
        long forSmall = statementsFor(small, null, 3);
        long forLarge = statementsFor(large, null, 20);
        System.out.println("deep plan query: " + forSmall + " statements for 9 milestones, " + forLarge + " for 60");
        assertEquals(forSmall, forLarge);
    }

    @Test
    void theSameQueryAsOfAnInstantIsBatchedToo() throws InterruptedException {
        String small = plan("Small plan as of", 3);
        String large = plan("Large plan as of", 20);
        Thread.sleep(20);
        String now = java.time.OffsetDateTime.now().toString();
        long forSmall = statementsFor(small, now, 3);
        long forLarge = statementsFor(large, now, 20);
        System.out.println("deep plan query as of: " + forSmall + " statements for 9 milestones, " + forLarge + " for 60");
        assertEquals(forSmall, forLarge);
    }
}
