package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.throughline.plan.PlanFixture.addMilestone;
import static org.throughline.plan.PlanFixture.addWorkstream;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.plan.PlanFixture.updateMilestone;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PlanQueriesTest {

    private static final String MILESTONES = """
            query Milestones($filter: MilestoneFilter, $first: Int, $after: String) {
              milestones(filter: $filter, first: $first, after: $after) {
                totalCount
                edges { cursor node { title } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }
            """;

    @Test
    void milestonesAreFilteredByEveryCriterion() {
        String initiative = createInitiative("Filters", "cio");
        String sales = addWorkstream(initiative, "Sales", "SALES", "head-of-sales");
        String finance = addWorkstream(initiative, "Finance", "FINANCE", "cfo");
        String quote = addMilestone(sales, "Quote tool", "2026-01-10", null, "filter-ana");
        String price = addMilestone(sales, "Price lists", "2026-02-10", null, "filter-ben");
        String close = addMilestone(finance, "Fast close", "2026-03-10", null, "filter-ana");
        updateMilestone(quote, 0, Map.of("health", "RED", "deliveryStatus", "IN_PROGRESS"), null).body("errors", nullValue());
        updateMilestone(price, 0, Map.of("stageGate", "PLANNED"), null).body("errors", nullValue());
        updateMilestone(close, 0, Map.of("deliveryStatus", "BLOCKED", "health", "AMBER"), null).body("errors", nullValue());

        record Case(Map<String, Object> filter, List<String> titles) {
        }
        for (Case each : List.of(
                new Case(Map.of("initiativeId", initiative), List.of("Quote tool", "Price lists", "Fast close")),
                new Case(Map.of("initiativeId", initiative, "workstreamId", finance), List.of("Fast close")),
                new Case(Map.of("initiativeId", initiative, "businessFunction", "SALES"), List.of("Quote tool", "Price lists")),
                new Case(Map.of("initiativeId", initiative, "deliveryStatus", List.of("IN_PROGRESS", "BLOCKED")),
                        List.of("Quote tool", "Fast close")),
                new Case(Map.of("initiativeId", initiative, "health", List.of("RED")), List.of("Quote tool")),
                new Case(Map.of("initiativeId", initiative, "stageGate", List.of("PLANNED")), List.of("Price lists")),
                new Case(Map.of("accountableOwner", "filter-ana"), List.of("Quote tool", "Fast close")),
                new Case(Map.of("accountableOwner", "filter-ana", "health", List.of("GREEN")), List.of()))) {
            graphql(MILESTONES, variables("filter", each.filter()))
                    .body("errors", nullValue())
                    .body("data.milestones.totalCount", equalTo(each.titles().size()))
                    .body("data.milestones.edges.node.title", each.titles().isEmpty() ? empty()
                            : contains(each.titles().toArray()));
        }

        graphql("""
                query Lanes($initiative: ID!) {
                  workstreams(filter: { initiativeId: $initiative, businessFunction: FINANCE }) { nodes { name } }
                  initiatives(filter: { accountableOwner: "cio", status: [ACTIVE] }) { totalCount }
                }
                """, Map.of("initiative", initiative))
                .body("errors", nullValue())
                .body("data.workstreams.nodes.name", contains("Finance"));
    }

    @Test
    void cursorsWalkTheWholeListInOrderWithoutGapsOrRepeats() {
        String lane = addWorkstream(createInitiative("Paging", "cio"), "Lane", "IT", "it-lead");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Same baseline for several milestones: the id breaks the tie, so no page repeats or skips one.
            String title = "Step " + i;
            addMilestone(lane, title, i < 4 ? "2026-06-01" : "2026-07-0" + i, null, "it-lead");
            expected.add(title);
        }
        Map<String, Object> filter = Map.of("workstreamId", lane);
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (true) {
            JsonPath page = graphql(MILESTONES, variables("filter", filter, "first", 3, "after", after))
                    .body("errors", nullValue())
                    .body("data.milestones.totalCount", equalTo(7))
                    .extract().jsonPath();
            seen.addAll(page.getList("data.milestones.edges.node.title"));
            assertEquals(pages > 0, page.getBoolean("data.milestones.pageInfo.hasPreviousPage"));
            pages++;
            if (!page.getBoolean("data.milestones.pageInfo.hasNextPage")) {
                break;
            }
            after = page.getString("data.milestones.pageInfo.endCursor");
        }
        assertEquals(expected, seen);
        assertEquals(3, pages);
        assertFalse(seen.isEmpty());
    }

    @Test
    void aCursorNotGivenOutOrAPageSizeOutOfRangeIsBadInput() {
        graphql(MILESTONES, variables("first", 3, "after", "bm90LWEtY3Vyc29y"))
                .body("data.milestones", nullValue())
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("after"));
        graphql(MILESTONES, variables("first", 100000))
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("first"));
        graphql("query { initiatives(after: \"MTI\") { totalCount } workstreams(first: 0) { totalCount } }", Map.of())
                .body("errors.extensions.field", containsInAnyOrder("first"));
    }

    @Test
    void onePersonQueryAnswersEverythingThePersonIsAccountableForInThePlan() {
        String initiative = createInitiative("Accountability", "person-cora");
        String lane = addWorkstream(initiative, "Cora's lane", "HR", "person-cora");
        addWorkstream(initiative, "Someone else's lane", "HR", "person-dan");
        addMilestone(lane, "Cora's milestone", "2026-04-01", null, "person-cora");
        String handedOver = addMilestone(lane, "Handed over", "2026-05-01", null, "person-cora");
        updateMilestone(handedOver, 0, Map.of("accountableOwner", "person-dan"), "Dan runs payroll now")
                .body("errors", nullValue());

        graphql("""
                query Person($id: ID!) {
                  person(id: $id) {
                    id
                    accountableInitiatives { name status }
                    accountableWorkstreams { name businessFunction }
                    accountableMilestones { title deliveryStatus health slippageDays stageGate }
                  }
                }
                """, Map.of("id", "person-cora"))
                .body("errors", nullValue())
                .body("data.person.id", equalTo("person-cora"))
                .body("data.person.accountableInitiatives.name", contains("Accountability"))
                .body("data.person.accountableWorkstreams.name", contains("Cora's lane"))
                .body("data.person.accountableMilestones.title", contains("Cora's milestone"))
                .body("data.person.accountableMilestones[0].deliveryStatus", equalTo("NOT_STARTED"));

        graphql("""
                query People($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { id accountableMilestones { title } } } }
                """, Map.of("reps", List.of(Map.of("__typename", "Person", "id", "person-dan"),
                        Map.of("__typename", "Person", "id", "person-cora"))))
                .body("errors", nullValue())
                .body("data._entities[0].accountableMilestones.title", contains("Handed over"))
                .body("data._entities[1].accountableMilestones.title", contains("Cora's milestone"));
    }
}
