package org.throughline.launcher;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.throughline.testing.ChildProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local run keeps its applications alive: one that dies, or hangs without answering its health checks, is
 * reported, started again with its earlier log kept, and serves again through the gateway. Runs without Keycloak:
 * supervision is the same either way. A platform of its own: an empty plan, and applications killed under a supervisor.
 */
class SupervisionIT {

    private static final Path LOGS = Path.of("target", "supervision-logs");
    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatforms.ownPlatform(LOGS.getFileName().toString(), false).onProgress(REPORTS::add).start()
                .supervise(Duration.ofSeconds(1), 3);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private static void awaitReport(String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (REPORTS.stream().anyMatch(report -> report.contains(text))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no report of '" + text + "' within " + timeout.toSeconds() + " s; reports: " + REPORTS);
    }

    private static void planAnswersThroughTheGateway() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ initiatives { totalCount } }"))
                .when().post(platform.gatewayUrl())
                .then().statusCode(200)
                .body("errors", org.hamcrest.Matchers.nullValue())
                .body("data.initiatives.totalCount", equalTo(0));
    }

    @Test
    void aServiceThatDiesIsReportedAndStartedAgainWithItsEarlierLogKept() throws Exception {
        long before = platform.pid("plan");
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        awaitReport("plan-service exited", Duration.ofSeconds(30));
        awaitReport("plan-service is back", Duration.ofSeconds(120));
        assertNotEquals(before, platform.pid("plan"));
        assertTrue(Files.size(ChildProcess.earlierLog(LOGS.resolve("plan-service.log"), 1)) > 0,
                "the log of the run that died is kept");
        planAnswersThroughTheGateway();
    }

    @Test
    void aServiceThatHangsIsKilledAfterMissingItsHealthChecksAndStartedAgain() throws Exception {
        long before = platform.pid("kpi");
        platform.hang("kpi");
        awaitReport("kpi-service did not answer its health check 3 times in a row", Duration.ofSeconds(60));
        awaitReport("kpi-service is back", Duration.ofSeconds(120));
        assertNotEquals(before, platform.pid("kpi"));
        given().contentType(ContentType.JSON).body(Map.of("query", "{ kpis { id } }"))
                .when().post(platform.gatewayUrl())
                .then().statusCode(200)
                .body("errors", org.hamcrest.Matchers.nullValue());
    }
}
