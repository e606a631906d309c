package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.plan.PlanFixture.addMilestone;
import static org.throughline.plan.PlanFixture.addWorkstream;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.plan.PlanFixture.updateMilestone;
import static org.throughline.plan.PlanFixture.versionOf;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class MilestoneChangeTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private static String milestone(String title, LocalDate baseline) {
        String initiative = createInitiative("Changes " + title, "cio");
        String lane = addWorkstream(initiative, "Lane", "IT", "it-lead");
        return addMilestone(lane, title, baseline.toString(), null, "it-lead");
    }

    @Test
    void movedForecastShowsAsSlippageAndIsRecordedAsARevision() {
        String id = milestone("Pricing engine cut-over", TODAY.plusDays(30));

        updateMilestone(id, 0, Map.of("forecastFinish", TODAY.plusDays(75).toString(), "health", "AMBER"), null)
                .body("errors", nullValue())
                .body("data.updateMilestone.version", equalTo(1))
                .body("data.updateMilestone.slippageDays", equalTo(45))
                .body("data.updateMilestone.health", equalTo("AMBER"));

        graphql("""
                query History($id: ID!) {
                  milestone(id: $id) { revisions { version changedAt changedBy reason changes { field before after } } }
                }
                """, Map.of("id", id))
                .body("errors", nullValue())
                .body("data.milestone.revisions.version", contains(0, 1))
                .body("data.milestone.revisions[0].changes.field", org.hamcrest.Matchers.hasItems("title",
                        "baselineFinish", "forecastFinish", "accountableOwner"))
                .body("data.milestone.revisions[1].changedAt", notNullValue())
                .body("data.milestone.revisions[1].changedBy", equalTo("local-developer"))
                .body("data.milestone.revisions[1].changes.field", contains("forecastFinish", "health"))
                .body("data.milestone.revisions[1].changes[0].before", equalTo(TODAY.plusDays(30).toString()))
                .body("data.milestone.revisions[1].changes[0].after", equalTo(TODAY.plusDays(75).toString()))
                .body("data.milestone.revisions[1].changes[1].before", equalTo("GREEN"))
                .body("data.milestone.revisions[1].changes[1].after", equalTo("AMBER"));
    }

    @Test
    void anUndeliveredMilestoneWhoseForecastHasPassedSlipsUpToToday() {
        String id = milestone("Data migration", TODAY.minusDays(40));
        updateMilestone(id, 0, Map.of("forecastFinish", TODAY.minusDays(10).toString(), "deliveryStatus", "IN_PROGRESS"),
                null)
                .body("errors", nullValue())
                .body("data.updateMilestone.slippageDays", equalTo(40));

        updateMilestone(id, 1, Map.of("deliveryStatus", "DELIVERED", "actualFinish", TODAY.minusDays(2).toString()), null)
                .body("errors", nullValue())
                .body("data.updateMilestone.actualFinish", equalTo(TODAY.minusDays(2).toString()))
                .body("data.updateMilestone.slippageDays", equalTo(38));
    }

    @Test
    void deliveringWithoutADateDeliversTodayAndReopeningClearsTheActualFinish() {
        String id = milestone("Cut-over rehearsal", TODAY.minusDays(3));
        updateMilestone(id, 0, Map.of("deliveryStatus", "DELIVERED"), null)
                .body("errors", nullValue())
                .body("data.updateMilestone.actualFinish", equalTo(TODAY.toString()))
                .body("data.updateMilestone.slippageDays", equalTo(3));
        updateMilestone(id, 1, Map.of("deliveryStatus", "BLOCKED"), null)
                .body("errors", nullValue())
                .body("data.updateMilestone.actualFinish", nullValue())
                .body("data.updateMilestone.deliveryStatus", equalTo("BLOCKED"));
    }

    @Test
    void anActualFinishOnAMilestoneNotDeliveredOrInTheFutureIsRefused() {
        String id = milestone("Interfaces", TODAY.plusDays(10));
        updateMilestone(id, 0, Map.of("actualFinish", TODAY.toString()), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("invalid-plan"))
                .body("errors[0].extensions.field", equalTo("actualFinish"));
        updateMilestone(id, 0, Map.of("deliveryStatus", "DELIVERED", "actualFinish", TODAY.plusDays(1).toString()), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("invalid-plan"))
                .body("errors[0].message", containsString("future"));
        assertEquals(0, versionOf(id));
    }

    @Test
    void reBaseliningDescopingAndPuttingOnHoldNeedAReasonWhichIsRecorded() {
        String id = milestone("Legacy archive", TODAY.plusDays(20));
        updateMilestone(id, 0, Map.of("baselineFinish", TODAY.plusDays(50).toString()), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("reason-required"))
                .body("errors[0].extensions.field", equalTo("reason"))
                .body("errors[0].message", containsString("Re-baselining"));
        updateMilestone(id, 0, Map.of("deliveryStatus", "DESCOPED"), "  ")
                .body("errors[0].extensions.code", equalTo("reason-required"));

        updateMilestone(id, 0, Map.of("baselineFinish", TODAY.plusDays(50).toString()),
                "Steering committee moved the archive behind the ledger")
                .body("errors", nullValue())
                .body("data.updateMilestone.slippageDays", equalTo(-30));
        updateMilestone(id, 1, Map.of("deliveryStatus", "DESCOPED"), "Archive stays on the legacy system")
                .body("errors", nullValue())
                .body("data.updateMilestone.deliveryStatus", equalTo("DESCOPED"));

        graphql("query Why($id: ID!) { milestone(id: $id) { revisions { reason } } }", Map.of("id", id))
                .body("data.milestone.revisions.reason", contains(null,
                        "Steering committee moved the archive behind the ledger", "Archive stays on the legacy system"));

        String initiative = createInitiative("Paused programme", "cio");
        graphql("""
                mutation Hold($id: ID!, $reason: String) {
                  updateInitiative(id: $id, version: 0, changes: { status: ON_HOLD }, reason: $reason) { status version }
                }
                """, variables("id", initiative, "reason", null))
                .body("errors[0].extensions.code", equalTo("reason-required"));
        graphql("""
                mutation Hold($id: ID!, $reason: String) {
                  updateInitiative(id: $id, version: 0, changes: { status: ON_HOLD }, reason: $reason) { status version }
                }
                """, variables("id", initiative, "reason", "Budget frozen until Q3"))
                .body("errors", nullValue())
                .body("data.updateInitiative.status", equalTo("ON_HOLD"))
                .body("data.updateInitiative.version", equalTo(1));
    }

    @Test
    void aHandoverToAnotherOwnerIsARevision() {
        String id = milestone("Payroll interface", TODAY.plusDays(40));
        updateMilestone(id, 0, Map.of("accountableOwner", "hr-lead"), "Moved to HR's programme office")
                .body("errors", nullValue())
                .body("data.updateMilestone.accountableOwner", equalTo("hr-lead"));
        graphql("query Owners($id: ID!) { milestone(id: $id) { revisions { changes { field before after } } } }",
                Map.of("id", id))
                .body("data.milestone.revisions[1].changes", hasSize(1))
                .body("data.milestone.revisions[1].changes[0].field", equalTo("accountableOwner"))
                .body("data.milestone.revisions[1].changes[0].before", equalTo("it-lead"))
                .body("data.milestone.revisions[1].changes[0].after", equalTo("hr-lead"));
    }

    @Test
    void aChangeThatChangesNothingWritesNoRevision() {
        String id = milestone("Single sign-on", TODAY.plusDays(5));
        updateMilestone(id, 0, Map.of("health", "GREEN", "title", "Single sign-on"), null)
                .body("errors", nullValue())
                .body("data.updateMilestone.version", equalTo(0));
        graphql("query History($id: ID!) { milestone(id: $id) { revisions { version } } }", Map.of("id", id))
                .body("data.milestone.revisions", hasSize(1));
    }

    @Test
    void aChangeBasedOnAStaleVersionIsAConflictAndWritesNothing() {
        String id = milestone("Reporting cut-over", TODAY.plusDays(15));
        updateMilestone(id, 0, Map.of("health", "RED"), null).body("errors", nullValue());

        updateMilestone(id, 0, Map.of("health", "GREEN", "title", "Renamed on a stale read"), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("version-conflict"))
                .body("errors[0].extensions.field", equalTo("version"))
                .body("errors[0].message", containsString("version 0"));

        graphql("query Now($id: ID!) { milestone(id: $id) { title health version revisions { version } } }",
                Map.of("id", id))
                .body("data.milestone.title", equalTo("Reporting cut-over"))
                .body("data.milestone.health", equalTo("RED"))
                .body("data.milestone.version", equalTo(1))
                .body("data.milestone.revisions.version", contains(0, 1));
    }

    @Test
    void twoConcurrentUpdatesOfOneMilestoneLoseNothing() throws Exception {
        String id = milestone("Order management go-live", TODAY.plusDays(60));
        List<Map<String, Object>> changes = List.of(
                Map.of("health", "RED"),
                Map.of("forecastFinish", TODAY.plusDays(90).toString()),
                Map.of("scope", "Orders and returns, not consignments"),
                Map.of("deliveryStatus", "IN_PROGRESS"));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(changes.size());
        try {
            List<Future<Integer>> conflicts = new ArrayList<>();
            for (Map<String, Object> change : changes) {
                // Each client reads the version, then all write at once; a client that conflicts reads again and
                // repeats its change, as the error tells it to.
                conflicts.add(clients.submit((Callable<Integer>) () -> {
                    start.await();
                    int lost = 0;
                    while (true) {
                        JsonPath answer = updateMilestone(id, versionOf(id), change, null).extract().jsonPath();
                        if (answer.get("errors") == null) {
                            return lost;
                        }
                        assertEquals("version-conflict", answer.getString("errors[0].extensions.code"));
                        lost++;
                    }
                }));
            }
            start.countDown();
            int conflicted = 0;
            for (Future<Integer> client : conflicts) {
                conflicted += client.get();
            }
            System.out.println("concurrent updates: " + conflicted + " conflicts, each retried");
        } finally {
            clients.shutdownNow();
        }

        graphql("""
                query After($id: ID!) {
                  milestone(id: $id) { health forecastFinish scope deliveryStatus version revisions { version } }
                }
                """, Map.of("id", id))
                .body("errors", nullValue())
                .body("data.milestone.health", equalTo("RED"))
                .body("data.milestone.forecastFinish", equalTo(TODAY.plusDays(90).toString()))
                .body("data.milestone.scope", equalTo("Orders and returns, not consignments"))
                .body("data.milestone.deliveryStatus", equalTo("IN_PROGRESS"))
                .body("data.milestone.version", equalTo(4))
                .body("data.milestone.revisions.version", contains(0, 1, 2, 3, 4));
    }

    @Test
    void twoWritersBasedOnTheSameVersionGetOneSuccessAndOneConflict() throws Exception {
        String id = milestone("Warehouse interface", TODAY.plusDays(60));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<JsonPath>> answers = new ArrayList<>();
            for (String health : List.of("AMBER", "RED")) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return updateMilestone(id, 0, Map.of("health", health), null).extract().jsonPath();
                }));
            }
            start.countDown();
            List<String> codes = new ArrayList<>();
            String winner = null;
            for (Future<JsonPath> answer : answers) {
                JsonPath json = answer.get();
                if (json.get("errors") == null) {
                    winner = json.getString("data.updateMilestone.health");
                } else {
                    codes.add(json.getString("errors[0].extensions.code"));
                }
            }
            assertEquals(List.of("version-conflict"), codes);
            graphql("query After($id: ID!) { milestone(id: $id) { health version } }", Map.of("id", id))
                    .body("data.milestone.health", equalTo(winner))
                    .body("data.milestone.version", equalTo(1));
        } finally {
            clients.shutdownNow();
        }
    }
}
