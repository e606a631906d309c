package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.throughline.testing.PostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's live feed: quote turnaround is pulled from the sales system (a second database on the platform's
 * PostgreSQL) by the connector the demo defines, so that quotes added there move the KPI within the connector's
 * schedule, and a sales system the connector can no longer read is a signal to the KPI's steward. On the shared
 * writable demo platform, whose replicas look for due connectors every two seconds; the sales system's reader is
 * given back its right to read once the test is done.
 */
@ExtendWith(SharedPlatforms.class)
class LiveFeedIT {

    /** The README's command: thirty quotes requested 60 hours ago, priced now. */
    static final String SLOW_QUOTES = "insert into quotes (customer, created, priced) "
            + "select 'Walk-in', now() - interval '60 hours', now() from generate_series(1, 30)";
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatforms.writableDemo();
    }

    private static JsonNode quoteTurnaround() {
        for (JsonNode kpi : platform.clientAs("cfo").data("""
                query QuoteTurnaround {
                  kpis(businessFunction: SALES) {
                    id name currentValue
                    feeds { connectorId name kind health lastRunAt lastSucceededAt failingSince lastErrorCode lastError }
                  }
                }
                """, Map.of()).get("kpis")) {
            if (DemoData.QUOTE_TURNAROUND.equals(kpi.get("name").asText())) {
                return kpi;
            }
        }
        throw new AssertionError("the demo has no " + DemoData.QUOTE_TURNAROUND);
    }

    private static JsonNode feedFailing(String kpi) {
        for (JsonNode signal : platform.clientAs("cfo").data("""
                query FeedFailing { signals(filter: { kinds: [FEED_FAILING] }) { subjectId severity message } }
                """, Map.of()).get("signals")) {
            if (kpi.equals(signal.get("subjectId").asText())) {
                return signal;
            }
        }
        return null;
    }

    private static void sales(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(SalesSystem.DATABASE),
                PostgresServer.USER, ""); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The demo's connector runs every minute: its next run is brought forward to now, as if that minute had passed,
     * and the replicas, looking every two seconds, find it due.
     */
    private static void aMinutePasses() throws SQLException {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl("kpi"), PostgresServer.USER, "");
             PreparedStatement due = connection.prepareStatement(
                     "update connector set next_run_at = now() where name = ?")) {
            due.setString(1, DemoData.QUOTES_CONNECTOR);
            assertEquals(1, due.executeUpdate(), "the demo defines the connector " + DemoData.QUOTES_CONNECTOR);
        }
    }

    private static void await(String what, Predicate<Void> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (!condition.test(null)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within " + WITHIN.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    @Test
    void slowQuotesAddedToTheSalesSystemMoveQuoteTurnaroundAndASalesSystemItCannotReadIsSignalledToItsSteward()
            throws Exception {
        JsonNode before = quoteTurnaround();
        assertEquals(34.5, before.get("currentValue").asDouble(), "the story's last week, as the history holds it");
        assertEquals(1, before.get("feeds").size(), before.toString());
        JsonNode feed = before.get("feeds").get(0);
        assertEquals(DemoData.QUOTES_CONNECTOR, feed.get("name").asText());
        assertEquals("SQL", feed.get("kind").asText());
        assertEquals("HEALTHY", feed.get("health").asText(), "its first run found what the history holds");

        sales(SLOW_QUOTES);
        aMinutePasses();
        // Today's six quotes averaged 34.5 hours; with thirty of 60 hours, the day averages 55.75.
        await("quote turnaround moved by the slow quotes",
                ignored -> quoteTurnaround().get("currentValue").asDouble() == 55.75);

        sales("revoke select on quotes from " + SalesSystem.READER);
        try {
            aMinutePasses();
            String kpi = before.get("id").asText();
            await("FEED_FAILING raised on quote turnaround", ignored -> feedFailing(kpi) != null);
            JsonNode signal = feedFailing(kpi);
            assertEquals("HIGH", signal.get("severity").asText());
            assertTrue(signal.get("message").asText().startsWith("'" + DemoData.QUOTE_TURNAROUND
                    + "' is no longer fed by the connector '" + DemoData.QUOTES_CONNECTOR + "' (failing since "),
                    signal.toString());
            JsonNode failing = quoteTurnaround().get("feeds").get(0);
            assertEquals("FAILING", failing.get("health").asText());
            assertEquals("query-failed", failing.get("lastErrorCode").asText(), failing.toString());
        } finally {
            sales("grant select on quotes to " + SalesSystem.READER);
        }
    }
}
