package org.throughline.governance;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.throughline.governance.client.FollowedFeeds;
import org.throughline.governance.client.KnownFacts;
import org.throughline.governance.client.Upstream;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.PostgresServer;
import org.throughline.testing.EventStream;
import org.throughline.testing.GraphQLWebSocket;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.commit;
import static org.throughline.governance.GovernanceFixture.measure;
import static org.throughline.governance.GovernanceFixture.plan;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * Signals follow the events that can change them, with no one asking for an evaluation and no timer (both are off
 * here): a measurement recorded in kpi-service, a commitment made here. Each episode raised or cleared is an event
 * of governance's own feed in turn.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance_live"))
@WithTestResource(PlanAndKpiServices.class)
@WithTestResource(LiveSignalsTest.OnEvents.class)
class LiveSignalsTest {

    /**
     * Signals evaluated on events, as in production; the timer stays off, so only events can explain a change. A test
     * resource rather than a test profile: the setting is read at run time, and Quarkus restarts for another set of
     * resources without building the application again, as it does for another profile.
     */
    public static class OnEvents implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("throughline.governance.signals.on-events", "true");
        }

        @Override
        public void stop() {
        }
    }

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = PlanAndKpiServices.PLAN_URL)
    String planUrl;

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;

    @TestHTTPResource("/events")
    URI events;

    @TestHTTPResource("/graphql")
    URI graphqlUri;

    @Inject
    FollowedFeeds feeds;

    @Inject
    KnownFacts known;

    @Inject
    MeterRegistry meters;

    /** The episodes of a kind on a subject, open or cleared, as the API lists them. */
    private static List<Map<String, Object>> episodes(String kind, String subjectId) {
        JsonPath answer = graphql("""
                query Episodes($kinds: [SignalKind!]) {
                  signals(filter: { kinds: $kinds, openOnly: false }, first: 1000) { kind subjectId open clearedAt }
                }
                """, variables("kinds", List.of(kind))).body("errors", nullValue()).extract().jsonPath();
        List<Map<String, Object>> all = answer.getList("data.signals");
        return all.stream().filter(signal -> subjectId.equals(signal.get("subjectId"))).toList();
    }

    /** Waits until the episodes of the kind on the subject satisfy the condition (or the deadline passes). */
    private static void awaitEpisodes(String kind, String subjectId, Predicate<List<Map<String, Object>>> condition,
                                      String what) throws InterruptedException {
        long until = System.nanoTime() + WITHIN.toNanos();
        List<Map<String, Object>> seen = episodes(kind, subjectId);
        while (!condition.test(seen)) {
            if (System.nanoTime() > until) {
                throw new AssertionError(what + " did not happen within " + WITHIN + "; episodes: " + seen);
            }
            Thread.sleep(100);
            seen = episodes(kind, subjectId);
        }
    }

    private static boolean isOpen(List<Map<String, Object>> episodes) {
        return episodes.stream().anyMatch(signal -> Boolean.TRUE.equals(signal.get("open")));
    }

    @Test
    void aStaleKpiIsRaisedAndClearedByItsOwnMeasurementsWithoutAnyoneAskingForAnEvaluation() throws Exception {
        try (EventStream governanceEvents = EventStream.open(events, Map.of())) {
            governanceEvents.next("ready", WITHIN);
            String kpi = GovernanceFixture.kpi(kpiUrl, "Evented but silent", 7);
            measure(kpiUrl, kpi, 5, TODAY.minusDays(20));   // beyond 7 days plus 3 of grace
            awaitEpisodes("STALE_KPI", kpi, LiveSignalsTest::isOpen, "STALE_KPI raised on the KPI's events");

            measure(kpiUrl, kpi, 6, TODAY);
            awaitEpisodes("STALE_KPI", kpi, episodes -> !episodes.isEmpty() && !isOpen(episodes),
                    "STALE_KPI cleared by today's measurement");

            JsonNode raised = nextAbout(governanceEvents, "SignalRaised", kpi);
            assertEquals("STALE_KPI", raised.at("/payload/kind").asText());
            assertEquals("Signal", raised.get("aggregateType").asText());
            JsonNode cleared = nextAbout(governanceEvents, "SignalCleared", kpi);
            assertEquals(raised.at("/payload/signalId"), cleared.at("/payload/signalId"));
            assertTrue(cleared.at("/payload/clearedAt").isTextual(), cleared.toString());
        }
        assertTrue(feeds.position(Upstream.KPI).isPresent(), "how far kpi-service's feed was followed is kept");
    }

    @Test
    void aMeasurementsEventReadsAgainOnlyItsKpiNotThePlanOrEveryKpi() throws Exception {
        graphql("mutation { evaluateSignals { open } }", Map.of()).body("errors", nullValue());
        String kpi = GovernanceFixture.kpi(kpiUrl, "Scoped, measured monthly", 30);
        measure(kpiUrl, kpi, 5, TODAY.minusDays(20));
        awaitKnown(kpi);
        double completeKpiReads = reads(Upstream.KPI, "complete");
        double completePlanReads = reads(Upstream.PLAN, "complete");
        double touchedKpiReads = reads(Upstream.KPI, "touched");
        // Measured 20 days ago, it is stale once it is to be measured weekly.
        GovernanceFixture.post(kpiUrl, """
                mutation Weekly($id: ID!) { updateKpi(id: $id, version: 0, changes: { measurementCadenceDays: 7 }) { version } }
                """, Map.of("id", kpi));
        awaitEpisodes("STALE_KPI", kpi, LiveSignalsTest::isOpen, "STALE_KPI raised on the KPI's event");
        assertTrue(reads(Upstream.KPI, "touched") > touchedKpiReads, "the KPI the events are about was read again");
        assertEquals(completeKpiReads, reads(Upstream.KPI, "complete"), "no complete read of the KPIs on an event");
        assertEquals(completePlanReads, reads(Upstream.PLAN, "complete"), "nor of the plan");
    }

    /** Waits until an evaluation on the KPI's events has read it (its creation and first value are known). */
    private void awaitKnown(String kpi) throws InterruptedException {
        long until = System.nanoTime() + WITHIN.toNanos();
        while (known.kpis(List.of(kpi)).map(found -> found.facts().get(kpi).analytics == null
                || found.facts().get(kpi).analytics.currentValue == null).orElse(true)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the KPI's events were not evaluated within " + WITHIN);
            }
            Thread.sleep(100);
        }
    }

    private double reads(String service, String scope) {
        Counter counter = meters.find("throughline.governance.signals.upstream.reads")
                .tags("service", service, "scope", scope).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aPersonSubscribedToWhatTheyAreAccountableForIsToldOfEachEpisodeRaisedAndClearedOnIt() throws Exception {
        URI socket = URI.create(graphqlUri.toString().replaceFirst("^http", "ws"));
        try (GraphQLWebSocket subscriber = GraphQLWebSocket.open(socket, Map.of()).init(Map.of(), WITHIN)) {
            subscriber.subscribe("stale", """
                    subscription Stale {
                      signalEvents(filter: { kinds: [STALE_KPI], personId: "steward" }) {
                        change position accountableOwner signal { kind severity subjectId open kpi { id } }
                      }
                    }
                    """, Map.of());
            String kpi = GovernanceFixture.kpi(kpiUrl, "Subscribed but silent", 7);
            measure(kpiUrl, kpi, 5, TODAY.minusDays(20));
            JsonNode raised = nextAbout(subscriber, kpi);
            assertEquals("next", raised.get("type").asText());
            assertEquals("stale", raised.get("id").asText());
            JsonNode event = raised.at("/payload/data/signalEvents");
            assertEquals("RAISED", event.get("change").asText());
            assertEquals("STALE_KPI", event.at("/signal/kind").asText());
            assertEquals(kpi, event.at("/signal/kpi/id").asText());
            assertTrue(event.at("/signal/open").asBoolean());
            assertEquals("steward", event.get("accountableOwner").asText(), "the KPI's steward is accountable");

            measure(kpiUrl, kpi, 6, TODAY);
            JsonNode cleared = nextAbout(subscriber, kpi).at("/payload/data/signalEvents");
            assertEquals("CLEARED", cleared.get("change").asText());
            assertEquals(false, cleared.at("/signal/open").asBoolean());
        }
    }

    @Test
    void anInitiativesSubscriberIsToldOfTheSignalsOfTheKpisItsMilestonesAreTetheredTo() throws Exception {
        GovernanceFixture.Plan plan = plan(planUrl, "Subscribed programme", "Tethered cut-over");
        String kpi = GovernanceFixture.kpi(kpiUrl, "Tethered, measured monthly", 30);
        measure(kpiUrl, kpi, 5, TODAY.minusDays(20));
        commit(plan.milestones().get(0), kpi, 50, TODAY.plusDays(100));
        URI socket = URI.create(graphqlUri.toString().replaceFirst("^http", "ws"));
        try (GraphQLWebSocket subscriber = GraphQLWebSocket.open(socket, Map.of()).init(Map.of(), WITHIN)) {
            subscriber.subscribe("initiative", """
                    subscription OfInitiative($initiative: ID!) {
                      signalEvents(filter: { kinds: [STALE_KPI], initiativeId: $initiative }) {
                        change initiativeIds signal { kind subjectId initiative { id } }
                      }
                    }
                    """, Map.of("initiative", plan.initiative()));
            // Measured 20 days ago, it is stale once it is to be measured weekly.
            int version = GovernanceFixture.post(kpiUrl, "query V($id: ID!) { kpi(id: $id) { version } }",
                    Map.of("id", kpi)).getInt("data.kpi.version");
            GovernanceFixture.post(kpiUrl, """
                    mutation Weekly($id: ID!, $version: Int!) {
                      updateKpi(id: $id, version: $version, changes: { measurementCadenceDays: 7 }) { version }
                    }
                    """, Map.of("id", kpi, "version", version));
            JsonNode event = nextAbout(subscriber, kpi).at("/payload/data/signalEvents");
            assertEquals("RAISED", event.get("change").asText(), event.toString());
            assertEquals("STALE_KPI", event.at("/signal/kind").asText());
            assertTrue(event.at("/signal/initiative").isNull(), "the signal itself names no initiative: " + event);
            assertEquals(List.of(plan.initiative()), JSON.convertValue(event.get("initiativeIds"), List.class));
        }
    }

    /** The open signal of a kind on a subject, with its message and who is accountable for it. */
    private static Map<String, Object> openSignal(String kind, String subjectId) {
        List<Map<String, Object>> open = graphql("""
                query Open($kinds: [SignalKind!]) {
                  signals(filter: { kinds: $kinds }, first: 1000) { kind subjectId severity message kpi { id } }
                }
                """, variables("kinds", List.of(kind))).body("errors", nullValue()).extract().jsonPath()
                .getList("data.signals");
        return open.stream().filter(signal -> subjectId.equals(signal.get("subjectId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no open " + kind + " on " + subjectId + ": " + open));
    }

    @Test
    void aFailingFeedIsSignalledToTheKpisStewardAndNamedByItsStaleKpiUntilARunOfItSucceeds() throws Exception {
        PostgresServer server = EmbeddedPostgresResource.sharedServer();
        server.ensureDatabase("governance_sales");
        String table = "live_quotes_" + System.nanoTime();
        String kpi = GovernanceFixture.kpi(kpiUrl, "Fed by the sales system", 7);
        measure(kpiUrl, kpi, 5, TODAY.minusDays(20));   // beyond 7 days plus 3 of grace
        awaitEpisodes("STALE_KPI", kpi, LiveSignalsTest::isOpen, "STALE_KPI raised on the KPI's events");
        String connector = GovernanceFixture.post(kpiUrl, """
                mutation Define($connector: NewSqlConnector!) { defineSqlConnector(connector: $connector) { id } }
                """, Map.of("connector", variables("name", "Live quotes", "kpiId", kpi, "everyMinutes", 15,
                "startDay", TODAY.minusDays(2).toString(), "jdbcUrl", server.jdbcUrl("governance_sales"),
                "username", PostgresServer.USER,
                "query", "select (created at time zone 'UTC')::date as day, count(*) as value from " + table
                        + " group by 1"))).getString("data.defineSqlConnector.id");
        String run = """
                mutation Run($id: ID!) { runConnector(id: $id) { outcome errorCode } }
                """;

        // The sales system has no such table yet: the run fails, and its Connector event makes governance read the KPI.
        assertEquals("FAILED", GovernanceFixture.post(kpiUrl, run, Map.of("id", connector))
                .getString("data.runConnector.outcome"));
        awaitEpisodes("FEED_FAILING", kpi, LiveSignalsTest::isOpen, "FEED_FAILING raised on the connector's event");
        Map<String, Object> failing = openSignal("FEED_FAILING", kpi);
        assertEquals("HIGH", failing.get("severity"), "high enough to be told at once by default");
        assertTrue(((String) failing.get("message")).startsWith(
                "'Fed by the sales system' is no longer fed by the connector 'Live quotes' (failing since "),
                failing.toString());
        assertTrue(((String) failing.get("message")).contains("): query-failed ("), failing.toString());
        assertEquals(Map.of("id", kpi), failing.get("kpi"));
        Map<String, Object> stale = openSignal("STALE_KPI", kpi);
        assertTrue(((String) stale.get("message")).contains(" Its feed 'Live quotes' stopped (failing since "),
                stale.toString());
        assertTrue(((String) stale.get("message")).endsWith("): query-failed."), stale.toString());

        // The table appears with today's quotes: the next run records today's value, the feed recovers, and the
        // KPI, measured today, is not stale either.
        try (Connection sales = DriverManager.getConnection(server.jdbcUrl("governance_sales"), PostgresServer.USER, "");
             Statement statement = sales.createStatement()) {
            statement.execute("create table " + table + " as select now() as created");
        }
        assertEquals("SUCCEEDED", GovernanceFixture.post(kpiUrl, run, Map.of("id", connector))
                .getString("data.runConnector.outcome"));
        awaitEpisodes("FEED_FAILING", kpi, episodes -> !episodes.isEmpty() && !isOpen(episodes),
                "FEED_FAILING cleared by the run that succeeded");
        awaitEpisodes("STALE_KPI", kpi, episodes -> !episodes.isEmpty() && !isOpen(episodes),
                "STALE_KPI cleared by the value the connector recorded");
    }

    /** The next event of the type given about the subject, from governance's own feed. */
    private static JsonNode nextAbout(EventStream stream, String type, String subjectId) throws Exception {
        while (true) {
            JsonNode event = JSON.readTree(stream.next(type, WITHIN).data());
            if (subjectId.equals(event.at("/payload/subjectId").asText())) {
                return event;
            }
        }
    }

    /** The next event the subscriber receives about the subject, skipping those about others. */
    private static JsonNode nextAbout(GraphQLWebSocket subscriber, String subjectId) {
        while (true) {
            JsonNode message = subscriber.next(WITHIN);
            if (!"next".equals(message.path("type").asText())
                    || subjectId.equals(message.at("/payload/data/signalEvents/signal/subjectId").asText())) {
                return message;
            }
        }
    }

    @Test
    void aCommitmentMadeHereToAKpiOffItsTrajectoryRaisesProgressBiasAtOnce() throws Exception {
        GovernanceFixture.Plan plan = plan(planUrl, "Evented bias programme", "Evented cut-over");
        String turnaround = GovernanceFixture.kpi(kpiUrl, "Evented turnaround", "LOWER_IS_BETTER", 20, 8, "head-of-sales");
        measure(kpiUrl, turnaround, 34.5, TODAY.minusDays(1));
        String commitment = commit(plan.milestones().get(0), turnaround, 8, TODAY.plusDays(100));
        awaitEpisodes("PROGRESS_BIAS", commitment, LiveSignalsTest::isOpen, "PROGRESS_BIAS raised on the commitment");
        assertEquals(1, episodes("PROGRESS_BIAS", commitment).size());
    }
}
