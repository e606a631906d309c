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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.throughline.plan.PlanFixture.addMilestone;
import static org.throughline.plan.PlanFixture.addWorkstream;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.plan.PlanFixture.updateMilestone;
import static org.throughline.testing.GraphQLEndpoint.graphql;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class DependencyTest {

    private static String lane(String name) {
        return addWorkstream(createInitiative(name, "cio"), "Lane", "IT", "it-lead");
    }

    @Test
    void dependenciesShowBothWays() {
        String lane = lane("Dependencies both ways");
        String ledger = addMilestone(lane, "Ledger", "2026-03-01", null, "cfo");
        String pricing = addMilestone(lane, "Pricing", "2026-05-01", null, "it-lead", List.of(ledger));
        addMilestone(lane, "Forecasting", "2026-07-01", null, "it-lead", List.of(pricing, ledger));

        graphql("""
                query Graph($id: ID!) {
                  milestone(id: $id) { title dependsOn { title } dependents { title dependsOn { title } } }
                }
                """, Map.of("id", ledger))
                .body("errors", nullValue())
                .body("data.milestone.dependsOn", empty())
                .body("data.milestone.dependents.title", contains("Pricing", "Forecasting"))
                .body("data.milestone.dependents[1].dependsOn.title", contains("Ledger", "Pricing"));
    }

    @Test
    void aDependencyThatClosesACycleIsRefusedNamingEveryMilestoneOfTheCycle() {
        String lane = lane("Cycle");
        String a = addMilestone(lane, "Network", "2026-02-01", null, "it-lead");
        String b = addMilestone(lane, "Servers", "2026-03-01", null, "it-lead", List.of(a));
        String c = addMilestone(lane, "Database", "2026-04-01", null, "it-lead", List.of(b));

        updateMilestone(a, 0, Map.of("dependsOn", List.of(c)), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("dependency-cycle"))
                .body("errors[0].extensions.field", equalTo("dependsOn"))
                .body("errors[0].message", containsString("'Network' (" + a + ")"))
                .body("errors[0].message", containsString("'Servers' (" + b + ")"))
                .body("errors[0].message", containsString("'Database' (" + c + ")"));

        graphql("query Unchanged($id: ID!) { milestone(id: $id) { version dependsOn { id } } }", Map.of("id", a))
                .body("data.milestone.version", equalTo(0))
                .body("data.milestone.dependsOn", empty());
    }

    @Test
    void selfForeignUnknownAndMalformedDependenciesAreRefused() {
        String lane = lane("Bad dependencies");
        String a = addMilestone(lane, "Alone", "2026-02-01", null, "it-lead");
        String foreign = addMilestone(lane("Elsewhere"), "Foreign", "2026-02-01", null, "it-lead");

        updateMilestone(a, 0, Map.of("dependsOn", List.of(a)), null)
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].message", containsString("itself"));
        updateMilestone(a, 0, Map.of("dependsOn", List.of(foreign)), null)
                .body("errors[0].extensions.code", equalTo("invalid-plan"))
                .body("errors[0].message", containsString("another initiative"));
        updateMilestone(a, 0, Map.of("dependsOn", List.of("987654321")), null)
                .body("errors[0].extensions.code", equalTo("milestone-not-found"))
                .body("errors[0].extensions.field", equalTo("dependsOn"));
        updateMilestone(a, 0, Map.of("dependsOn", List.of("12; drop table milestone")), null)
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("dependsOn"));
    }

    @Test
    void replacingDependenciesIsARevisionAndDropsTheOldOnes() {
        String lane = lane("Replace dependencies");
        String a = addMilestone(lane, "A", "2026-02-01", null, "it-lead");
        String b = addMilestone(lane, "B", "2026-03-01", null, "it-lead");
        String c = addMilestone(lane, "C", "2026-04-01", null, "it-lead", List.of(a));

        updateMilestone(c, 0, Map.of("dependsOn", List.of(b)), "B carries the interface now")
                .body("errors", nullValue())
                .body("data.updateMilestone.version", equalTo(1))
                .body("data.updateMilestone.dependsOn.id", contains(b));
        graphql("query Why($id: ID!) { milestone(id: $id) { revisions { changes { field before after } } } }",
                Map.of("id", c))
                .body("data.milestone.revisions[1].changes[0].field", equalTo("dependsOn"))
                .body("data.milestone.revisions[1].changes[0].before", equalTo("[" + a + "]"))
                .body("data.milestone.revisions[1].changes[0].after", equalTo("[" + b + "]"));
        graphql("query Gone($id: ID!) { milestone(id: $id) { dependents { id } } }", Map.of("id", a))
                .body("data.milestone.dependents", empty());
    }

    @Test
    void twoConcurrentChangesCannotCloseACycleTogether() throws Exception {
        String lane = lane("Concurrent cycle");
        String a = addMilestone(lane, "Left", "2026-02-01", null, "it-lead");
        String b = addMilestone(lane, "Right", "2026-03-01", null, "it-lead");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<JsonPath>> answers = new ArrayList<>();
            for (String[] edge : List.of(new String[] {a, b}, new String[] {b, a})) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return updateMilestone(edge[0], 0, Map.of("dependsOn", List.of(edge[1])), null)
                            .extract().jsonPath();
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<JsonPath> answer : answers) {
                JsonPath json = answer.get();
                outcomes.add(json.get("errors") == null ? "ok" : json.getString("errors[0].extensions.code"));
            }
            outcomes.sort(null);
            assertEquals(List.of("dependency-cycle", "ok"), outcomes);
        } finally {
            clients.shutdownNow();
        }
    }
}
