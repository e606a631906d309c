package org.throughline.benchmark;

import org.junit.jupiter.api.Test;
import org.throughline.benchmark.HostileRequestsBenchmark.Answer;
import org.throughline.benchmark.HostileRequestsBenchmark.Settings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the benchmark reads an answer and its settings; nothing here is timed. */
class HostileRequestsBenchmarkTest {

    @Test
    void theCodeIsTheFirstErrorsWithItsMessage() {
        Answer answer = read(200, """
                {"errors": [{"message": "the operation selects at least 31 root fields; at most 20 are allowed",
                  "extensions": {"code": "MAX_ROOT_FIELDS_LIMIT"}},
                  {"message": "second", "extensions": {"code": "OTHER"}}]}""");
        assertEquals(new Answer(200, "MAX_ROOT_FIELDS_LIMIT",
                "the operation selects at least 31 root fields; at most 20 are allowed", null), answer);
    }

    @Test
    void anErrorWithoutACodeSaysSo() {
        Answer answer = read(400, "{\"errors\": [{\"message\": \"Operation batching disabled.\"}]}");
        assertEquals(HostileRequestsBenchmark.NO_CODE, answer.code());
        assertEquals("Operation batching disabled.", answer.detail());
    }

    @Test
    void dataWithoutErrorsIsDataWithItsFieldsNamed() {
        Answer answer = read(200, "{\"data\": {\"__typename\": \"Query\", \"__schema\": {}}}");
        assertEquals(new Answer(200, HostileRequestsBenchmark.DATA, "data [__typename, __schema]", null), answer);
    }

    @Test
    void errorsBesideDataGiveTheErrorsCode() {
        assertEquals("DOWNSTREAM_SERVICE_ERROR", read(200, "{\"data\": {\"a\": null}, \"errors\": [{\"message\":"
                + " \"x\", \"extensions\": {\"code\": \"DOWNSTREAM_SERVICE_ERROR\"}}]}").code());
    }

    @Test
    void anArrayOfAnswersIsABatch() {
        Answer answer = read(200, "[{\"data\": {\"__typename\": \"Query\"}}, {\"data\": {\"__typename\": \"Query\"}}]");
        assertEquals("batch of 2", answer.code());
        assertNull(answer.internals());
    }

    @Test
    void aBodyThatIsNotJsonIsSaidSoAndStillCheckedForInternals() {
        Answer answer = read(400, "<!DOCTYPE html>\n<html><head><title>Error</title></head><body><pre>Bad Request"
                + "</pre></body></html>");
        assertEquals(HostileRequestsBenchmark.NOT_JSON, answer.code());
        assertEquals("Error", answer.internals());
        assertTrue(answer.detail().startsWith("<!DOCTYPE html> <html>"), answer.detail());
        assertEquals("(empty body)", read(400, "").detail());
    }

    @Test
    void aMessageThatNamesAJavaClassOrAPortIsFlaggedWithWhatMatched() {
        assertEquals("com.f", read(400, "{\"errors\": [{\"message\": \"Unexpected character at [Source:"
                + " com.fasterxml.jackson]\", \"extensions\": {\"code\": \"BAD_REQUEST\"}}]}").internals());
        assertEquals(":8080", read(502, "{\"errors\": [{\"message\": \"connect refused to subgraph:8080\"}]}")
                .internals());
        assertNull(read(400, "{\"errors\": [{\"message\": \"the request body goes on after its JSON object\"}]}")
                .internals());
    }

    @Test
    void aLongMessageIsCutShortOnOneLine() {
        Answer answer = read(400, "{\"errors\": [{\"message\": \"" + "word\\n".repeat(100) + "\"}]}");
        assertTrue(answer.detail().length() <= 161 && answer.detail().endsWith("…"), answer.detail());
        assertTrue(!answer.detail().contains("\n"), answer.detail());
    }

    @Test
    void settingsReadDurationsAndListsAsTheOtherBenchmarksDo() {
        assertEquals(Duration.ofSeconds(15), Settings.duration("15s"));
        assertEquals(Duration.ofMillis(1500), Settings.duration("1.5s"));
        assertEquals(List.of("throughline", "apollo"), Settings.list(" throughline, ,apollo "));
        assertEquals("no answer within 15 s", new Settings(1000, 5, 30, Duration.ofSeconds(15),
                Duration.ofSeconds(60), List.of(), List.of(), "").noAnswer());
    }

    @Test
    void everyDefaultGatewayIsKnown() {
        Settings defaults = Settings.fromSystemProperties();
        assertTrue(HostileRequestsBenchmark.KEYS.keySet().containsAll(defaults.gateways()), defaults.gateways()
                .toString());
        assertTrue(defaults.gateways().containsAll(List.of("throughline", "grafbase", "apollo")));
    }

    private static Answer read(int status, String body) {
        return Answer.read(status, body.getBytes(StandardCharsets.UTF_8));
    }
}
