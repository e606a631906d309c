package org.throughline.kpi.connector;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.PostgresServer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.connector.ConnectorFixture.backfill;
import static org.throughline.kpi.connector.ConnectorFixture.connector;
import static org.throughline.kpi.connector.ConnectorFixture.defineSql;
import static org.throughline.kpi.connector.ConnectorFixture.run;
import static org.throughline.kpi.connector.ConnectorFixture.runs;
import static org.throughline.kpi.connector.ConnectorFixture.secret;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * SQL connectors against a real second database on the embedded PostgreSQL server, standing for the sales system: a
 * quotes table with created and priced timestamps, and quote turnaround as the KPI a query computes from it.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class SqlConnectorTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final String SALES = "sales";

    @Inject
    DataSource kpiDatabase;

    @Inject
    ConnectorRunner runner;

    @BeforeAll
    static void salesSystem() throws SQLException {
        PostgresServer server = EmbeddedPostgresResource.sharedServer();
        server.ensureDatabase(SALES);
        sales("""
                create table if not exists quotes (
                    id      bigint generated always as identity primary key,
                    feed    text        not null,
                    region  text        not null default 'north',
                    created timestamptz not null,
                    priced  timestamptz not null)""");
    }

    private static String salesUrl() {
        return EmbeddedPostgresResource.sharedServer().jdbcUrl(SALES);
    }

    private static void sales(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(salesUrl(), PostgresServer.USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(salesUrl(), PostgresServer.USER, "");
             Statement statement = connection.createStatement(); ResultSet found = statement.executeQuery(sql)) {
            found.next();
            return found.getLong(1);
        }
    }

    /** A quote of the feed created on the day, priced the given hours later. */
    private static void quote(String feed, LocalDate day, double hours) throws SQLException {
        sales("insert into quotes (feed, created, priced) values ('" + feed + "', timestamptz '" + day
                + " 09:00:00+00', timestamptz '" + day + " 09:00:00+00' + interval '" + hours + " hours')");
    }

    /** Quote turnaround in hours per business day, as the sales system computes it. */
    private static String turnaround(String feed) {
        return "select (created at time zone 'UTC')::date as day,"
                + " round(avg(extract(epoch from priced - created) / 3600), 2) as value"
                + " from quotes where feed = '" + feed + "' group by 1";
    }

    private static String turnaroundKpi(String name) {
        return createKpi("name", name, "unit", "DURATION_HOURS", "validMin", 0.0);
    }

    private static Map<String, Object> sqlConnector(String name, String kpi, String query, Object... overrides) {
        Map<String, Object> connector = variables("name", name, "kpiId", kpi, "everyMinutes", 15,
                "startDay", TODAY.minusDays(5).toString(), "jdbcUrl", salesUrl(), "username", PostgresServer.USER,
                "query", query);
        for (int i = 0; i < overrides.length; i += 2) {
            connector.put((String) overrides[i], overrides[i + 1]);
        }
        return connector;
    }

    private static String define(Map<String, Object> connector) {
        return defineSql(connector).body("errors", nullValue()).extract().path("data.defineSqlConnector.id");
    }

    private static ValidatableResponse values(String kpi) {
        return graphql("query V($id: ID!) { kpi(id: $id) { currentValue measurements { observedAt value source"
                + " recordedBy reason correctionOf { id } } } }", Map.of("id", kpi)).body("errors", nullValue());
    }

    @Test
    void eachRunPullsFromTheWatermarkAndRecordsARestatedDayAsACorrection() throws SQLException {
        String kpi = turnaroundKpi("Quote turnaround, pulled");
        quote("pulled", TODAY.minusDays(5), 20);
        quote("pulled", TODAY.minusDays(5), 30);
        quote("pulled", TODAY.minusDays(4), 24);
        quote("pulled", TODAY.minusDays(3), 12);
        String id = define(sqlConnector("Sales quotes", kpi, turnaround("pulled"), "lookbackDays", 2));

        run(id, false).body("errors", nullValue())
                .body("data.runConnector.outcome", equalTo("SUCCEEDED"))
                .body("data.runConnector.trigger", equalTo("MANUAL"))
                .body("data.runConnector.windowFrom", equalTo(TODAY.minusDays(5).toString()))
                .body("data.runConnector.windowTo", equalTo(TODAY.toString()))
                .body("data.runConnector.rowsRead", equalTo(3))
                .body("data.runConnector.recorded", equalTo(3))
                .body("data.runConnector.corrected", equalTo(0))
                .body("data.runConnector.batchKey", startsWith("connector:" + id + ":" + TODAY.minusDays(5) + ".."))
                .body("data.runConnector.id", notNullValue());
        values(kpi).body("data.kpi.measurements.value", contains(25.0f, 24.0f, 12.0f))
                .body("data.kpi.measurements.source", contains("CONNECTOR", "CONNECTOR", "CONNECTOR"))
                .body("data.kpi.measurements[0].recordedBy", equalTo("connector:Sales quotes"));
        connector(id).body("data.connector.watermark", equalTo(TODAY.toString()))
                .body("data.connector.health", equalTo("HEALTHY"));

        // The next run starts two days (the look-back) before the watermark: a new day and a restated one.
        quote("pulled", TODAY.minusDays(1), 40);
        quote("pulled", TODAY, 10);
        run(id, false).body("data.runConnector.windowFrom", equalTo(TODAY.minusDays(2).toString()))
                .body("data.runConnector.rowsRead", equalTo(2))
                .body("data.runConnector.recorded", equalTo(2));
        quote("pulled", TODAY, 30);
        run(id, false).body("data.runConnector.rowsRead", equalTo(2))
                .body("data.runConnector.recorded", equalTo(1))
                .body("data.runConnector.corrected", equalTo(1))
                .body("data.runConnector.unchanged", equalTo(1));
        values(kpi).body("data.kpi.currentValue", equalTo(20.0f))
                .body("data.kpi.measurements.value", contains(25.0f, 24.0f, 12.0f, 40.0f, 10.0f, 20.0f))
                .body("data.kpi.measurements[5].correctionOf.id", notNullValue())
                .body("data.kpi.measurements[5].reason", startsWith("Restated by connector Sales quotes"));

        // Nothing changed at the source: the same window with the same values is the batch recorded before.
        run(id, false).body("data.runConnector.recorded", equalTo(0))
                .body("data.runConnector.replayed", equalTo(true))
                .body("data.runConnector.unchanged", equalTo(2));
        values(kpi).body("data.kpi.measurements", hasSize(6));
        assertEquals(4, runs(id).size());
    }

    @Test
    void aDryRunShowsWhatARunWouldRecordAndWritesNothing() throws SQLException {
        String kpi = turnaroundKpi("Quote turnaround, dry");
        quote("dry", TODAY.minusDays(2), 5);
        String id = define(sqlConnector("Dry quotes", kpi, turnaround("dry"), "lookbackDays", 3));
        run(id, false).body("data.runConnector.recorded", equalTo(1));
        quote("dry", TODAY.minusDays(2), 15);
        quote("dry", TODAY.minusDays(1), 8);

        run(id, true).body("errors", nullValue())
                .body("data.runConnector.dryRun", equalTo(true))
                .body("data.runConnector.id", nullValue())
                .body("data.runConnector.outcome", equalTo("SUCCEEDED"))
                .body("data.runConnector.recorded", equalTo(2))
                .body("data.runConnector.corrected", equalTo(1))
                .body("data.runConnector.preview.action", contains("CORRECTION", "NEW"))
                .body("data.runConnector.preview.value", contains(10.0f, 8.0f));
        backfill(id, TODAY.minusDays(5).toString(), TODAY.minusDays(2).toString(), true)
                .body("data.backfillConnector.preview.action", contains("CORRECTION"))
                .body("data.backfillConnector.preview.day", contains(TODAY.minusDays(2).toString()));
        values(kpi).body("data.kpi.measurements.value", contains(5.0f));
        assertEquals(1, runs(id).size());
    }

    @Test
    void aBackfillPullsADateRangeInOneCallAndLeavesTheWatermarkWhereItWas() throws SQLException {
        String kpi = turnaroundKpi("Quote turnaround, history");
        quote("history", TODAY.minusDays(40), 50);
        quote("history", TODAY.minusDays(35), 45);
        quote("history", TODAY.minusDays(2), 9);
        String id = define(sqlConnector("Quote history", kpi, turnaround("history")));
        run(id, false).body("data.runConnector.recorded", equalTo(1));

        backfill(id, TODAY.minusDays(60).toString(), TODAY.minusDays(30).toString(), false).body("errors", nullValue())
                .body("data.backfillConnector.trigger", equalTo("BACKFILL"))
                .body("data.backfillConnector.recorded", equalTo(2));
        values(kpi).body("data.kpi.measurements.value", contains(50.0f, 45.0f, 9.0f));
        connector(id).body("data.connector.watermark", equalTo(TODAY.toString()));

        backfill(id, TODAY.toString(), TODAY.minusDays(3).toString(), false)
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("to"));
    }

    @Test
    void oneQueryFeedsSeveralKpisByKeyAndAnUnmappedKeyRecordsNothing() throws SQLException {
        String north = turnaroundKpi("Quote turnaround, north");
        String south = turnaroundKpi("Quote turnaround, south");
        sales("insert into quotes (feed, region, created, priced) values "
                + "('regions', 'north', timestamptz '" + TODAY.minusDays(1) + " 08:00+00', timestamptz '"
                + TODAY.minusDays(1) + " 10:00+00'), "
                + "('regions', 'south', timestamptz '" + TODAY.minusDays(1) + " 08:00+00', timestamptz '"
                + TODAY.minusDays(1) + " 14:00+00')");
        String query = "select (created at time zone 'UTC')::date as day, region as kpi_key,"
                + " avg(extract(epoch from priced - created) / 3600) as value from quotes where feed = 'regions'"
                + " group by 1, 2";
        Map<String, Object> connector = sqlConnector("Quotes by region", null, query);
        connector.put("kpiKeys", List.of(Map.of("key", "north", "kpiId", north), Map.of("key", "south", "kpiId", south)));
        String id = defineSql(connector).body("errors", nullValue())
                .body("data.defineSqlConnector.kpiKeys.key", contains("north", "south"))
                .extract().path("data.defineSqlConnector.id");
        run(id, false).body("data.runConnector.recorded", equalTo(2));
        values(north).body("data.kpi.currentValue", equalTo(2.0f));
        values(south).body("data.kpi.currentValue", equalTo(6.0f));

        sales("insert into quotes (feed, region, created, priced) values ('regions', 'west', timestamptz '"
                + TODAY + " 08:00+00', timestamptz '" + TODAY + " 09:00+00'), ('regions', 'north', timestamptz '"
                + TODAY + " 08:00+00', timestamptz '" + TODAY + " 09:00+00')");
        run(id, false).body("data.runConnector.outcome", equalTo("REJECTED"))
                .body("data.runConnector.errorCode", equalTo("rows-rejected"))
                .body("data.runConnector.recorded", equalTo(0))
                .body("data.runConnector.rejected", equalTo(1))
                .body("data.runConnector.problems[0].message", containsString("'west'"));
        values(north).body("data.kpi.measurements", hasSize(1));
        connector(id).body("data.connector.health", equalTo("FAILING"))
                .body("data.connector.lastRun.outcome", equalTo("REJECTED"));

        // Health turns are events for whoever answers for the KPIs: once when it starts failing, once when it recovers.
        run(id, false).body("data.runConnector.outcome", equalTo("REJECTED"));
        sales("delete from quotes where feed = 'regions' and region = 'west'");
        run(id, false).body("data.runConnector.outcome", equalTo("SUCCEEDED"))
                .body("data.runConnector.recorded", equalTo(1));
        connector(id).body("data.connector.health", equalTo("HEALTHY"));
        assertEquals(List.of("ConnectorFailing rows-rejected [" + north + ", " + south + "]",
                "ConnectorRecovered null [" + north + ", " + south + "]"), connectorEvents(id));
    }

    private List<String> connectorEvents(String connectorId) throws SQLException {
        try (Connection connection = kpiDatabase.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select type, payload ->> 'errorCode', payload -> 'kpiIds' from outbox"
                        + " where aggregatetype = 'Connector' and aggregateid = ? order by txid, place")) {
            select.setString(1, connectorId);
            List<String> events = new java.util.ArrayList<>();
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    events.add(found.getString(1) + " " + found.getString(2) + " "
                            + found.getString(3).replace("\"", ""));
                }
            }
            return events;
        }
    }

    @Test
    void aQueryRunsReadOnlyWithinItsTimeoutAndRowCap() throws SQLException {
        String kpi = turnaroundKpi("Quote turnaround, guarded");
        quote("guarded", TODAY.minusDays(3), 1);
        quote("guarded", TODAY.minusDays(2), 2);
        quote("guarded", TODAY.minusDays(1), 3);
        long quotes = count("select count(*) from quotes");

        // A SELECT can still write (through a function); the read-only transaction refuses it.
        String writer = define(sqlConnector("Writing query", kpi,
                "select current_date as day, nextval('quotes_id_seq') as value"));
        run(writer, false).body("data.runConnector.outcome", equalTo("FAILED"))
                .body("data.runConnector.errorCode", equalTo("query-not-read-only"));
        // A WITH that deletes is refused by PostgreSQL inside the connector's window, before anything runs.
        String deleter = define(sqlConnector("Deleting query", kpi, "with gone as (delete from quotes returning created)"
                + " select current_date as day, count(*) as value from gone"));
        run(deleter, false).body("data.runConnector.outcome", equalTo("FAILED"));
        assertEquals(quotes, count("select count(*) from quotes"));

        String slow = define(sqlConnector("Slow query", kpi,
                "select current_date as day, 1.0 as value from pg_sleep(5)", "timeoutSeconds", 1));
        run(slow, false).body("data.runConnector.outcome", equalTo("FAILED"))
                .body("data.runConnector.errorCode", equalTo("query-timeout"));

        String capped = define(sqlConnector("Capped query", kpi, turnaround("guarded"), "rowCap", 2));
        run(capped, false).body("data.runConnector.outcome", equalTo("FAILED"))
                .body("data.runConnector.errorCode", equalTo("row-cap-exceeded"));

        String failing = define(sqlConnector("Failing query", kpi, "select day, value from no_such_table"));
        run(failing, false).body("data.runConnector.errorCode", equalTo("query-failed"))
                .body("data.runConnector.error", containsString("no_such_table"));
        values(kpi).body("data.kpi.measurements", empty());
        connector(failing).body("data.connector.health", equalTo("FAILING"))
                .body("data.connector.lastRun.errorCode", equalTo("query-failed"));
    }

    @Test
    void aCredentialIsNamedNeverStoredOrShownAndAMissingOneFailsTheRun() throws Exception {
        String kpi = turnaroundKpi("Quote turnaround, credentials");
        quote("credentials", TODAY.minusDays(1), 7);
        secret("sales-reader", "s3cret-sales-password");
        String id = define(sqlConnector("Credentialed quotes", kpi, turnaround("credentials"),
                "credential", "sales-reader"));
        run(id, false).body("data.runConnector.outcome", equalTo("SUCCEEDED"));
        String shown = graphql("{ connectors { id credential auth jdbcUrl query lastRun { error } } }", Map.of())
                .body("errors", nullValue()).extract().asString();
        assertTrue(shown.contains("sales-reader"));
        assertFalse(shown.contains("s3cret"));
        try (Connection connection = kpiDatabase.getConnection(); Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("select count(*) from connector c, connector_run r "
                     + "where c::text like '%s3cret%' or r::text like '%s3cret%'")) {
            found.next();
            assertEquals(0, found.getLong(1));
        }

        String missing = define(sqlConnector("Quotes, credential missing", kpi, turnaround("credentials"),
                "credential", "nobody-mounted-this"));
        run(missing, false).body("data.runConnector.outcome", equalTo("FAILED"))
                .body("data.runConnector.errorCode", equalTo("credential-missing"))
                .body("data.runConnector.error", containsString("THROUGHLINE_CONNECTOR_NOBODY_MOUNTED_THIS"));

        String down = define(sqlConnector("Quotes, database down", kpi, turnaround("credentials"),
                "jdbcUrl", "jdbc:postgresql://127.0.0.1:1/sales", "timeoutSeconds", 2));
        run(down, false).body("data.runConnector.errorCode", equalTo("source-unreachable"));
    }

    @Test
    void badDefinitionsAreRefusedWithTheirCodes() {
        String kpi = turnaroundKpi("Quote turnaround, refused");
        defineSql(sqlConnector("Deleting", kpi, "delete from quotes"))
                .body("errors[0].extensions.code", equalTo("connector-query-not-select"))
                .body("errors[0].extensions.field", equalTo("query"));
        defineSql(sqlConnector("Two statements", kpi, "select 1 as day, 2 as value; drop table quotes"))
                .body("errors[0].extensions.code", equalTo("connector-query-not-select"));
        define(sqlConnector("Semicolon in a string", kpi, "select current_date as day, length('a;b') as value;"));
        defineSql(sqlConnector("Socket factory", kpi, "select 1", "jdbcUrl", salesUrl()
                + "?socketFactory=java.io.FileOutputStream&socketFactoryArg=/tmp/x"))
                .body("errors[0].extensions.code", equalTo("connector-jdbc-url-refused"));
        defineSql(sqlConnector("Password in URL", kpi, "select 1", "jdbcUrl", salesUrl() + "?password=hunter2"))
                .body("errors[0].extensions.code", equalTo("connector-jdbc-url-refused"));
        defineSql(sqlConnector("No driver", kpi, "select 1", "jdbcUrl", "jdbc:nosuchdb://host/db"))
                .body("errors[0].extensions.code", equalTo("connector-jdbc-url-refused"));
        defineSql(sqlConnector("Unknown KPI", "987654321", "select 1"))
                .body("errors[0].extensions.code", equalTo("kpi-not-found"));
        defineSql(sqlConnector("A secret, not a name", kpi, "select 1", "credential", "pass word!"))
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("credential"));
        define(sqlConnector("Taken", kpi, "select 1"));
        defineSql(sqlConnector("Taken", kpi, "select 1"))
                .body("errors[0].extensions.code", equalTo("connector-name-taken"));
        run("987654321", false).body("errors[0].extensions.code", equalTo("connector-not-found"));
    }

    @Test
    void aConnectorRunsOnceAtATimeAcrossReplicasByItsAdvisoryLock() throws Exception {
        String kpi = turnaroundKpi("Quote turnaround, locked");
        quote("locked", TODAY.minusDays(1), 3);
        String id = define(sqlConnector("Locked quotes", kpi, turnaround("locked")));
        // Another replica's run holds the connector's lock: the same lock a run takes, from another session.
        try (Connection replica = kpiDatabase.getConnection()) {
            replica.setAutoCommit(false);
            try (PreparedStatement lock = replica.prepareStatement(
                    "select pg_advisory_xact_lock(hashtextextended('connector:' || ?, 0))")) {
                lock.setLong(1, Long.parseLong(id));
                lock.execute();
            }
            run(id, false).body("errors[0].extensions.code", equalTo("connector-busy"));
            assertTrue(runner.runScheduled(Long.parseLong(id)).isEmpty());
            replica.rollback();
        }
        values(kpi).body("data.kpi.measurements", empty());

        ConnectorRun scheduled = runner.runScheduled(Long.parseLong(id)).orElseThrow();
        assertEquals(RunOutcome.SUCCEEDED, scheduled.outcome);
        assertEquals(RunTrigger.SCHEDULE, scheduled.trigger);
        assertEquals(1, scheduled.recorded);
        // It ran: the next scheduled run is not due before its interval has passed.
        assertTrue(runner.runScheduled(Long.parseLong(id)).isEmpty());

        // Switched off, a connector is never due; asked for, it still runs.
        graphql("mutation Off($id: ID!) { setConnectorEnabled(id: $id, enabled: false) { enabled version } }",
                Map.of("id", id)).body("data.setConnectorEnabled.enabled", equalTo(false))
                .body("data.setConnectorEnabled.version", equalTo(1));
        try (Connection connection = kpiDatabase.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("update connector set next_run_at = now() - interval '1 hour' where id = " + id);
        }
        assertTrue(runner.runScheduled(Long.parseLong(id)).isEmpty());
        values(kpi).body("data.kpi.measurements", hasSize(1));
        graphql("query C($id: ID!) { connector(id: $id) { lastRun { trigger runBy } } }", Map.of("id", id))
                .body("data.connector.lastRun.trigger", equalTo("SCHEDULE"))
                .body("data.connector.lastRun.runBy", equalTo("schedule"));
        assertEquals(1, runs(id).size());
    }

    private static ValidatableResponse feeds(String kpi) {
        return graphql("""
                query Feeds($id: ID!) {
                  kpi(id: $id) {
                    feeds { connectorId name kind enabled health lastRunAt lastSucceededAt failingSince lastErrorCode lastError }
                  }
                }
                """, Map.of("id", kpi)).body("errors", nullValue());
    }

    @Test
    void aKpiListsItsFeedFailingSinceItsFirstFailedRunAndHealthyAgainOnceARunSucceeds() throws SQLException {
        String kpi = turnaroundKpi("Quote turnaround, fed");
        String byHand = turnaroundKpi("Quote turnaround, by hand");
        String table = "fed_quotes_" + System.nanoTime();
        String id = define(sqlConnector("Fed quotes", kpi,
                "select (created at time zone 'UTC')::date as day, 6.0 as value from " + table));
        feeds(kpi).body("data.kpi.feeds.connectorId", contains(id))
                .body("data.kpi.feeds[0].name", equalTo("Fed quotes"))
                .body("data.kpi.feeds[0].kind", equalTo("SQL"))
                .body("data.kpi.feeds[0].health", equalTo("NEVER_RUN"))
                .body("data.kpi.feeds[0].lastRunAt", nullValue());
        feeds(byHand).body("data.kpi.feeds", empty());

        run(id, false).body("data.runConnector.outcome", equalTo("FAILED"));
        String failingSince = feeds(kpi).body("data.kpi.feeds[0].health", equalTo("FAILING"))
                .body("data.kpi.feeds[0].lastErrorCode", equalTo("query-failed"))
                .body("data.kpi.feeds[0].lastError", notNullValue())
                .body("data.kpi.feeds[0].lastSucceededAt", nullValue())
                .extract().path("data.kpi.feeds[0].failingSince");
        feeds(kpi).body("data.kpi.feeds[0].lastRunAt", equalTo(failingSince));

        run(id, false).body("data.runConnector.outcome", equalTo("FAILED"));
        feeds(kpi).body("data.kpi.feeds[0].failingSince", equalTo(failingSince));

        // The source's table appears: the next run succeeds, and the feed is healthy with no failure left to show.
        sales("create table " + table + " as select timestamptz '" + TODAY.minusDays(1) + " 09:00:00+00' as created");
        run(id, false).body("data.runConnector.outcome", equalTo("SUCCEEDED"));
        String succeeded = feeds(kpi).body("data.kpi.feeds[0].health", equalTo("HEALTHY"))
                .body("data.kpi.feeds[0].failingSince", nullValue())
                .body("data.kpi.feeds[0].lastErrorCode", nullValue())
                .body("data.kpi.feeds[0].lastError", nullValue())
                .extract().path("data.kpi.feeds[0].lastSucceededAt");
        feeds(kpi).body("data.kpi.feeds[0].lastRunAt", equalTo(succeeded));
    }
}
