package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.plan.PlanFixture.addMilestone;
import static org.throughline.plan.PlanFixture.addWorkstream;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.plan.PlanFixture.updateMilestone;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class AsOfTest {

    private static final String PLAN_AS_OF = """
            query PlanAsOf($id: ID!, $asOf: DateTime) {
              initiative(id: $id, asOf: $asOf) {
                name status version
                workstreams { name milestones { title } }
                milestones {
                  title forecastFinish health deliveryStatus accountableOwner version slippageDays
                  workstream { name } dependsOn { title } revisions { version }
                }
              }
            }
            """;

    /** An instant strictly between what was recorded before and what will be recorded after. */
    private static OffsetDateTime instant() throws InterruptedException {
        Thread.sleep(20);
        OffsetDateTime now = OffsetDateTime.now();
        Thread.sleep(20);
        return now;
    }

    @Test
    void thePlanAsOfAnInstantIsExactlyAsItStoodThen() throws Exception {
        OffsetDateTime beforeAnything = instant();
        String initiative = createInitiative("As-of programme", "cio");
        String build = addWorkstream(initiative, "Build", "IT", "it-lead");
        String run = addWorkstream(initiative, "Run", "OPERATIONS", "coo");
        String ledger = addMilestone(build, "Ledger", "2026-03-01", null, "cfo");
        String pricing = addMilestone(build, "Pricing", "2026-05-01", null, "it-lead");
        OffsetDateTime planned = instant();

        updateMilestone(pricing, 0, Map.of("forecastFinish", "2026-06-15", "health", "AMBER"), null)
                .body("errors", nullValue());
        OffsetDateTime slipped = instant();

        updateMilestone(pricing, 1, Map.of("workstreamId", run, "accountableOwner", "coo", "dependsOn", List.of(ledger),
                "deliveryStatus", "DELIVERED", "actualFinish", "2026-06-20"), null).body("errors", nullValue());
        graphql("""
                mutation Rename($id: ID!) { updateInitiative(id: $id, version: 0, changes: { name: "Renamed programme" }) { name } }
                """, Map.of("id", initiative)).body("errors", nullValue());

        graphql(PLAN_AS_OF, variables("id", initiative, "asOf", beforeAnything.toString()))
                .body("data.initiative", nullValue())
                .body("errors[0].extensions.code", equalTo("initiative-not-found"));

        graphql(PLAN_AS_OF, variables("id", initiative, "asOf", planned.toString()))
                .body("errors", nullValue())
                .body("data.initiative.name", equalTo("As-of programme"))
                .body("data.initiative.version", equalTo(0))
                .body("data.initiative.workstreams.name", contains("Build", "Run"))
                .body("data.initiative.workstreams[0].milestones.title", contains("Ledger", "Pricing"))
                .body("data.initiative.workstreams[1].milestones", empty())
                .body("data.initiative.milestones[1].forecastFinish", equalTo("2026-05-01"))
                .body("data.initiative.milestones[1].health", equalTo("GREEN"))
                .body("data.initiative.milestones[1].version", equalTo(0))
                .body("data.initiative.milestones[1].revisions.version", contains(0))
                .body("data.initiative.milestones[1].dependsOn", empty());

        graphql(PLAN_AS_OF, variables("id", initiative, "asOf", slipped.toString()))
                .body("errors", nullValue())
                .body("data.initiative.milestones[1].forecastFinish", equalTo("2026-06-15"))
                .body("data.initiative.milestones[1].health", equalTo("AMBER"))
                .body("data.initiative.milestones[1].deliveryStatus", equalTo("NOT_STARTED"))
                .body("data.initiative.milestones[1].workstream.name", equalTo("Build"))
                .body("data.initiative.milestones[1].accountableOwner", equalTo("it-lead"))
                .body("data.initiative.milestones[1].revisions.version", contains(0, 1));

        graphql(PLAN_AS_OF, variables("id", initiative, "asOf", null))
                .body("errors", nullValue())
                .body("data.initiative.name", equalTo("Renamed programme"))
                .body("data.initiative.workstreams[1].milestones.title", contains("Pricing"))
                .body("data.initiative.milestones[1].deliveryStatus", equalTo("DELIVERED"))
                .body("data.initiative.milestones[1].workstream.name", equalTo("Run"))
                .body("data.initiative.milestones[1].accountableOwner", equalTo("coo"))
                .body("data.initiative.milestones[1].dependsOn.title", contains("Ledger"))
                .body("data.initiative.milestones[1].slippageDays", equalTo(50))
                .body("data.initiative.milestones[1].revisions.version", contains(0, 1, 2));
    }

    @Test
    void slippageAsOfAnInstantIsMeasuredOnThatDay() throws Exception {
        String lane = addWorkstream(createInitiative("As-of slippage", "cio"), "Lane", "IT", "it-lead");
        String overdue = addMilestone(lane, "Overdue", "2020-01-01", "2020-01-10", "it-lead");
        OffsetDateTime recorded = instant();
        long daysLateNow = java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.parse("2020-01-01"),
                recorded.toLocalDate());

        graphql("query Late($id: ID!, $asOf: DateTime) { milestone(id: $id, asOf: $asOf) { slippageDays } }",
                variables("id", overdue, "asOf", recorded.toString()))
                .body("data.milestone.slippageDays", equalTo((int) daysLateNow));
    }

    @Test
    void listsAsOfAnInstantFilterAndPageTheWayLiveListsDo() throws Exception {
        String initiative = createInitiative("As-of lists", "cio");
        String lane = addWorkstream(initiative, "Lane", "SALES", "head-of-sales");
        String first = addMilestone(lane, "First", "2026-01-01", null, "it-lead");
        addMilestone(lane, "Second", "2026-02-01", null, "it-lead");
        OffsetDateTime before = instant();
        updateMilestone(first, 0, Map.of("health", "RED"), null).body("errors", nullValue());
        addMilestone(lane, "Third", "2026-03-01", null, "it-lead");

        String query = """
                query Lists($initiative: ID!, $asOf: DateTime, $health: [Health!]) {
                  milestones(filter: { initiativeId: $initiative, health: $health, businessFunction: SALES },
                             asOf: $asOf, first: 1) {
                    totalCount nodes { title } pageInfo { hasNextPage }
                  }
                }
                """;
        graphql(query, variables("initiative", initiative, "asOf", before.toString(), "health", List.of("GREEN")))
                .body("errors", nullValue())
                .body("data.milestones.totalCount", equalTo(2))
                .body("data.milestones.nodes.title", contains("First"))
                .body("data.milestones.pageInfo.hasNextPage", equalTo(true));
        graphql(query, variables("initiative", initiative, "asOf", null, "health", List.of("GREEN")))
                .body("errors", nullValue())
                .body("data.milestones.totalCount", equalTo(2))
                .body("data.milestones.nodes.title", contains("Second"));
    }

    @Test
    void anInstantInTheFutureIsRefused() {
        graphql("query Future($asOf: DateTime) { initiatives(asOf: $asOf) { totalCount } }",
                variables("asOf", OffsetDateTime.now().plusDays(3).toString()))
                .body("data.initiatives", nullValue())
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("asOf"));
    }
}
