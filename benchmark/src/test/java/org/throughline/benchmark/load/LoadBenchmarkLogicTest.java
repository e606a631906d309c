package org.throughline.benchmark.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load benchmark's own logic, without a platform: habits, variables, answer checks, limits and the report. */
class LoadBenchmarkLogicTest {

    private static final ExecutiveHabits HABITS = new ExecutiveHabits(ExecutiveHabits.DEFAULT_MIX, Duration.ofSeconds(1));

    @Test
    void questionsAreAskedInTheProportionsOfTheMix() {
        Random random = new Random(1);
        Map<Question, Integer> asked = new EnumMap<>(Question.class);
        for (int i = 0; i < 100_000; i++) {
            asked.merge(HABITS.nextQuestion(random), 1, Integer::sum);
        }
        ExecutiveHabits.DEFAULT_MIX.forEach((question, percent) ->
                assertEquals(percent / 100.0, asked.get(question) / 100_000.0, 0.01, question.label()));
        assertEquals("1: 35 %, 2: 15 %, 3: 20 %, 4: 15 %, 5: 15 %", HABITS.describeMix());
    }

    @Test
    void thinkTimesAverageTheMeanAndNeverExceedFiveTimesIt() {
        Random random = new Random(2);
        long total = 0;
        for (int i = 0; i < 100_000; i++) {
            Duration pause = HABITS.thinkTime(random);
            assertTrue(pause.compareTo(Duration.ofSeconds(5)) <= 0, pause.toString());
            total += pause.toMillis();
        }
        // The cap at five means takes e^-5 (0.7 %) of the exponential's tail: the mean falls by as much.
        assertEquals(1000 * (1 - Math.exp(-5)), total / 100_000.0, 15);
        assertTrue(HABITS.firstPause(random).compareTo(Duration.ofSeconds(1)) < 0);
    }

    @Test
    void variablesAreChosenAcrossTheTenantAndAsOfInstantsFallWithinTheInitiativesRecordedLife() {
        Instant recorded = Instant.parse("2025-06-01T00:00:00Z");
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        Tenant tenant = new Tenant(List.of(new Tenant.Initiative("1", "ERP", List.of("10", "11"), recorded),
                new Tenant.Initiative("2", "CRM", List.of("20"), recorded)), List.of("SALES", "IT"),
                List.of("cio", "cfo"), List.of());
        Random random = new Random(3);
        for (int i = 0; i < 1_000; i++) {
            Map<String, Object> asOf = tenant.variables(Question.INITIATIVE_AS_OF, random, now);
            Instant instant = Instant.parse((String) asOf.get("asOf"));
            assertTrue(instant.isAfter(recorded) && !instant.isAfter(now), instant.toString());
            assertTrue(List.of("1", "2").contains(asOf.get("initiativeId")));
            assertTrue(List.of("SALES", "IT").contains(tenant.variables(Question.BUSINESS_FUNCTION, random, now)
                    .get("function")));
        }
        assertEquals(Map.of(), tenant.variables(Question.OPEN_SIGNALS, random, now));
        assertEquals("2", tenant.sizedLike(1).id());
        assertEquals(3, tenant.milestones());
    }

    @Test
    void anAnswerIsRightOnlyWithStatus200NoErrorsAndTheQuestionsList() {
        assertNull(Question.OPEN_SIGNALS.problem(200, "{\"data\":{\"signals\":[]}}"));
        assertEquals("HTTP 503: busy", Question.OPEN_SIGNALS.problem(503, "busy"));
        assertEquals("upstream-unavailable: plan-service did not answer", Question.INITIATIVE.problem(200, """
                {"errors":[{"message":"plan-service did not answer","extensions":{"code":"upstream-unavailable"}}],
                 "data":{"initiative":null}}"""));
        assertTrue(Question.INITIATIVE.problem(200, "{\"data\":{\"initiative\":null}}").startsWith("no /initiative"));
    }

    @Test
    void settingsForTheServicesApplyToEachOfThemAndAMalformedOneIsRefused() {
        assertEquals(Map.of(
                        "plan", Map.of("quarkus.smallrye-graphql.nonblocking.enabled", "true"),
                        "kpi", Map.of("quarkus.smallrye-graphql.nonblocking.enabled", "true"),
                        "governance", Map.of("quarkus.smallrye-graphql.nonblocking.enabled", "true",
                                "throughline.governance.upstream.connections", "5")),
                LoadBenchmark.settings("services:quarkus.smallrye-graphql.nonblocking.enabled=true; "
                        + "governance:throughline.governance.upstream.connections=5"));
        assertEquals(Map.of(), LoadBenchmark.settings(""));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LoadBenchmark.settings("keycloak:x=1"));
        assertEquals("load.settings: expected application:key=value, got keycloak:x=1", refused.getMessage());
    }

    @Test
    void theManifestsMemoryLimitsAreReadInMebibytes() {
        Map<String, Long> limits = MemoryLimits.read(Path.of("../k8s/base"));
        assertEquals(640, limits.get("gateway"));
        assertEquals(640, limits.get("plan-service"));
        assertEquals(1024, limits.get("plan-db"));
        assertEquals(1360, limits.get("keycloak"));
        assertEquals(1536, MemoryLimits.mebibytes("1.5Gi"));
        assertEquals(476, MemoryLimits.mebibytes("500M"));
    }

    @Test
    void theReportGivesEachQuestionsPercentilesAndThroughputAndSaysWhichGoalsWereMissed() {
        Map<Question, QuestionTally> tallies = new EnumMap<>(Question.class);
        for (Question question : Question.values()) {
            tallies.put(question, new QuestionTally());
        }
        for (int i = 1; i <= 100; i++) {
            tallies.get(Question.INITIATIVE).record(Duration.ofMillis(i).toNanos(), null);
        }
        tallies.get(Question.OPEN_SIGNALS).record(Duration.ofSeconds(3).toNanos(), "HTTP 502: bad gateway");
        LoadReport report = new LoadReport();
        report.phases.add(new LoadReport.Phase(200, 10, tallies).withCpu(Map.of("gateway", 5.0)));
        report.memory.add(new LoadReport.Memory("gateway", 700, 710, 640, "-Xmx256m", "-XX:MaxRAMPercentage=50.0"));
        String markdown = report.markdown();
        assertTrue(markdown.contains("| 1 InitiativeCockpit | 100 | 10.0 | 50 | 99 | 0 |  |"), markdown);
        assertTrue(markdown.contains("| 5 OpenSignals | 1 | 0.1 | 3001 | 3001 | 1 | `HTTP 502: bad gateway` |"),
                markdown);
        assertTrue(markdown.contains("| **all** | 101 | 10.1 |"), markdown);
        assertTrue(markdown.contains("CPU used, in cores busy (CPU ms per request): gateway 0.50 (50)."), markdown);
        assertTrue(markdown.contains("- nothing errors at 200 executives: **missed** (1 errors)"), markdown);
        assertTrue(markdown.contains("- question 5 OpenSignals p99 under 2000 ms at every concurrency: **missed**"),
                markdown);
        assertTrue(markdown.contains("- question 2 BusinessFunctionKpis p99 under 2000 ms at every concurrency: met"),
                markdown);
        assertTrue(markdown.contains("- every process inside its Kubernetes memory limit: **missed** by gateway"),
                markdown);
        assertTrue(markdown.contains("| gateway | 700 | 710 | 640 | 109 % |"), markdown);
    }
}
