package org.throughline.benchmark;

import org.junit.jupiter.api.Test;
import org.throughline.benchmark.HostileRequestsBenchmark.Answer;
import org.throughline.benchmark.HostileRequestsBenchmark.Settings;
import org.throughline.benchmark.HostileRequestsReport.Measurement;
import org.throughline.testing.HostileRequests;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's figures and text, from fixed numbers. */
class HostileRequestsReportTest {

    private static final String OURS = GatewaysBenchmark.OURS;
    private static final String APOLLO = "Apollo Gateway";
    private static final HostileRequests.Case ORDINARY = new HostileRequests.Case("ordinary TopProducts", new byte[0],
            null, 200);
    private static final HostileRequests.Case DOUBLING = new HostileRequests.Case("doubling fragment spreads",
            new byte[0], "MAX_ROOT_FIELDS_LIMIT", 200);
    private static final HostileRequests.Case BATCH = new HostileRequests.Case("a batch | as an array", new byte[0],
            "BATCHING_NOT_ENABLED", 400);

    @Test
    void percentilesAreByNearestRank() {
        List<Double> oneToThirty = new ArrayList<>(IntStream.rangeClosed(1, 30).mapToObj(i -> (double) i).toList());
        java.util.Collections.shuffle(oneToThirty, new java.util.Random(7));
        assertEquals(15.0, HostileRequestsReport.percentile(oneToThirty, 50));
        assertEquals(27.0, HostileRequestsReport.percentile(oneToThirty, 90));
        assertEquals(30.0, HostileRequestsReport.percentile(oneToThirty, 100));
        assertEquals(1.0, HostileRequestsReport.percentile(oneToThirty, 0));
        assertEquals(4.2, HostileRequestsReport.percentile(List.of(4.2), 90));
        assertEquals(2.0, HostileRequestsReport.percentile(List.of(3.0, 1.0, 2.0, 9.0), 50));
        assertTrue(Double.isNaN(HostileRequestsReport.percentile(List.of(), 50)));
    }

    @Test
    void figuresKeepThreeSignificantDigitsOrSo() {
        assertEquals("0.84", HostileRequestsReport.ms(0.8412));
        assertEquals("12.3", HostileRequestsReport.ms(12.34));
        assertEquals("15001", HostileRequestsReport.ms(15001.2));
        assertEquals("–", HostileRequestsReport.ms(Double.NaN));
    }

    @Test
    void aCellIsMedianMaxAndCodeWithAnyOtherCodeSeen() {
        assertEquals("1.00 (3.00) MAX_ROOT_FIELDS_LIMIT", HostileRequestsReport.cell(measurement(DOUBLING, OURS,
                List.of(1.0, 3.0, 1.0), answer(200, "MAX_ROOT_FIELDS_LIMIT"), null)));
        assertEquals("– no answer within 15 s", HostileRequestsReport.cell(measurement(DOUBLING, APOLLO, List.of(),
                noAnswer(), "no answer within 15 s at send 1 of 35 (5 to warm up); started again")));
        Measurement mixed = new Measurement(DOUBLING.name(), APOLLO, List.of(2.0), answer(200, "data"),
                new LinkedHashSet<>(List.of("data", "no answer within 15 s")), "no answer within 15 s at send 7");
        assertEquals("2.00 (2.00) data / no answer within 15 s", HostileRequestsReport.cell(mixed));
    }

    @Test
    void theReportRendersFixedNumbers() {
        HostileRequestsReport report = report();
        String markdown = report.markdown();
        assertTrue(markdown.contains("**shared machine**"), markdown);
        assertTrue(markdown.contains("Run on 2026-12-07, on 2 cores (test CPU), load average 1.50 at the start and"
                + " 2.25 at the end. Everything on the one machine"), markdown);
        assertTrue(markdown.contains("first answers the ordinary operation below 1000 times"), markdown);
        assertTrue(markdown.contains("5 warm-up sends to each gateway, then 30 rounds in which each gateway gets one"
                + " send in turn"), markdown);
        assertTrue(markdown.contains("whether the median is under issue 25's goal, for Throughline.\n"), markdown);
        assertTrue(markdown.contains("| request | expected | Throughline | Apollo Gateway | ours under 10 ms |\n"
                + "|---|---|---|---|---|\n"), markdown);
        assertTrue(markdown.contains("| ordinary TopProducts | 200 data | 1.50 (2.00) data | 3.00 (4.00) data | – |"),
                markdown);
        assertTrue(markdown.contains("| doubling fragment spreads | 200 MAX_ROOT_FIELDS_LIMIT | 0.80 (1.20)"
                + " MAX_ROOT_FIELDS_LIMIT | – no answer within 15 s | yes |"), markdown);
        assertTrue(markdown.contains("| a batch \\| as an array | 400 BATCHING_NOT_ENABLED | 12.0 (14.0)"
                + " BATCHING_NOT_ENABLED | 5.00 (5.00) batch of 2 | no |"), markdown);
        assertTrue(markdown.contains("Throughline 1.50 (p90 2.00, max 2.00); Apollo Gateway 3.00 (p90 4.00, max"
                + " 4.00)"), markdown);
        assertTrue(markdown.contains("Introspection, `{ __schema { queryType { name } } }` sent once at the start"),
                markdown);
        assertTrue(markdown.contains("Throughline answers it; Apollo Gateway refuses it (HTTP 400,"
                + " GRAPHQL_VALIDATION_FAILED)."), markdown);
        assertTrue(markdown.contains("| doubling fragment spreads | Throughline | 200 | MAX_ROOT_FIELDS_LIMIT | 0.80 |"
                + " 1.20 | 1.20 | 3 | the operation selects too many root fields | no |"), markdown);
        assertTrue(markdown.contains("## Started again after no answer\n\n- Apollo Gateway after \"doubling fragment"
                + " spreads\""), markdown);
        assertTrue(markdown.contains("## Not measured\n\n- Grafbase: npm is missing"), markdown);
    }

    @Test
    void theDifferencesListWhatAGatewayDidOtherwiseThanTheSuiteExpects() {
        HostileRequestsReport report = report();
        assertEquals(List.of("**doubling fragment spreads**: no answer within 15 s at send 1 of 35 (5 to warm up);"
                + " started again.", "**a batch | as an array**: answered it as a batch of 2 (HTTP 200)."),
                report.differences(APOLLO));
        assertEquals(List.of("**a batch | as an array**: took a median of 12.0 ms (max 14.0)."),
                report.differences(OURS));
        assertTrue(report.markdown().contains("### Throughline (ours)\n\n- **a batch | as an array**: took a median"
                + " of 12.0 ms (max 14.0).\n"));
    }

    @Test
    void aRefusalInsteadOfDataAnAnswerInsteadOfARefusalAndALeakAreEachListed() {
        HostileRequests.Case huge = new HostileRequests.Case("huge variables", new byte[0], null, 200);
        HostileRequestsReport report = new HostileRequestsReport(settings(""), "2 cores", LocalDate.of(2026, 12, 7),
                List.of(APOLLO), List.of(huge, DOUBLING, BATCH), Set.of(), "");
        report.measured(measurement(huge, APOLLO, List.of(40.0), new Answer(400, "GRAPHQL_VALIDATION_FAILED",
                "introspection is not allowed", null), null));
        report.measured(measurement(DOUBLING, APOLLO, List.of(1.0), new Answer(200, "data", "data [__typename]",
                null), null));
        report.measured(measurement(BATCH, APOLLO, List.of(1.0), new Answer(400, "no code",
                "at com.fasterxml.Parser", "com.f"), null));
        assertEquals(List.of("**huge variables**: refused it (HTTP 400, GRAPHQL_VALIDATION_FAILED: introspection is"
                        + " not allowed) where the suite expects data; took a median of 40.0 ms (max 40.0).",
                "**doubling fragment spreads**: answered it with data (HTTP 200, data [__typename]) where the suite"
                        + " expects a refusal, MAX_ROOT_FIELDS_LIMIT.",
                "**a batch | as an array**: refused it without an `extensions.code` (HTTP 400): at"
                        + " com.fasterxml.Parser; its message matches `INTERNALS` at `com.f`."),
                report.differences(APOLLO));
    }

    @Test
    void aRefusalWithAnotherCodeOrStatusThanTheSuitesIsNotListed() {
        HostileRequestsReport report = new HostileRequestsReport(settings(""), "2 cores", LocalDate.of(2026, 12, 7),
                List.of(APOLLO), List.of(DOUBLING, BATCH), Set.of(), "");
        report.measured(measurement(DOUBLING, APOLLO, List.of(2.0), new Answer(400, "GRAPHQL_VALIDATION_FAILED",
                "Maximum depth exceeded", null), null));
        report.measured(measurement(BATCH, APOLLO, List.of(1.0), new Answer(200, "BAD_REQUEST",
                "batching is not enabled", null), null));
        assertEquals(List.of(), report.differences(APOLLO));
    }

    @Test
    void aGatewayWhoseBudgetWentOnWarmingUpShowsTheCodeItLastGave() {
        HostileRequestsReport report = new HostileRequestsReport(settings(""), "2 cores", LocalDate.of(2026, 12, 7),
                List.of(APOLLO), List.of(DOUBLING), Set.of(), "");
        report.measured(new Measurement(DOUBLING.name(), APOLLO, List.of(), new Answer(400,
                "GRAPHQL_VALIDATION_FAILED", "introspection is not allowed", null), Set.of(),
                "its 60 s budget spent after 52 sends (0 measured)"));
        String markdown = report.markdown();
        assertTrue(markdown.contains("| doubling fragment spreads | 200 MAX_ROOT_FIELDS_LIMIT | –"
                + " GRAPHQL_VALIDATION_FAILED |"), markdown);
        assertTrue(markdown.contains("| doubling fragment spreads | Apollo Gateway | 400 | GRAPHQL_VALIDATION_FAILED |"
                + " – | – | – | 0 |"), markdown);
        assertEquals(List.of("**doubling fragment spreads**: its 60 s budget spent after 52 sends (0 measured)."),
                report.differences(APOLLO));
    }

    private static HostileRequestsReport report() {
        HostileRequestsReport report = new HostileRequestsReport(settings("shared machine"), "2 cores (test CPU)",
                LocalDate.of(2026, 12, 7), List.of(OURS, APOLLO), List.of(ORDINARY, DOUBLING, BATCH),
                Set.of(ORDINARY.name()), "`@apollo/gateway` 2.14.4");
        report.loadAverage("1.50", "2.25");
        report.introspection(OURS, "answers it");
        report.introspection(APOLLO, "refuses it (HTTP 400, GRAPHQL_VALIDATION_FAILED)");
        report.measured(measurement(ORDINARY, OURS, List.of(1.0, 1.5, 2.0), answer(200, "data"), null));
        report.measured(measurement(ORDINARY, APOLLO, List.of(2.0, 3.0, 4.0), answer(200, "data"), null));
        report.measured(measurement(DOUBLING, OURS, List.of(0.8, 0.7, 1.2), new Answer(200, "MAX_ROOT_FIELDS_LIMIT",
                "the operation selects too many root fields", null), null));
        report.measured(measurement(DOUBLING, APOLLO, List.of(), noAnswer(),
                "no answer within 15 s at send 1 of 35 (5 to warm up); started again"));
        report.restarted(APOLLO, DOUBLING.name());
        report.measured(measurement(BATCH, OURS, List.of(12.0, 14.0, 11.0), answer(400, "BATCHING_NOT_ENABLED"),
                null));
        report.measured(measurement(BATCH, APOLLO, List.of(5.0), answer(200, "batch of 2"), null));
        report.unavailable("Grafbase", "npm is missing");
        return report;
    }

    private static Settings settings(String note) {
        return new Settings(1000, 5, 30, Duration.ofSeconds(15), Duration.ofSeconds(60), List.of(), List.of(), note);
    }

    private static Measurement measurement(HostileRequests.Case request, String gateway, List<Double> millis,
                                           Answer answer, String stopped) {
        return new Measurement(request.name(), gateway, millis, answer, Set.of(answer.code()), stopped);
    }

    private static Answer answer(int status, String code) {
        return new Answer(status, code, "", null);
    }

    private static Answer noAnswer() {
        return Answer.failed("no answer within 15 s", "");
    }
}
