package org.throughline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.throughline.subgraph.events.EventFeed;
import org.throughline.subgraph.events.FeedPosition;
import org.throughline.subgraph.events.OutboxEvent;
import org.throughline.testing.EventStream;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/**
 * Every accepted change to the plan is an event in the outbox, written in the change's transaction, and the feed
 * hands the events out in an order in which none can be skipped: from any position, a reader gets exactly what
 * follows it, also when an older transaction commits its event after a younger one.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan_events"))
class EventFeedTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/events")
    URI events;

    @Inject
    EventFeed feed;

    @Inject
    DataSource dataSource;

    private EventStream stream(String lastEventId) {
        return EventStream.open(events, lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId));
    }

    private static JsonNode json(EventStream.Event event) throws Exception {
        return JSON.readTree(event.data());
    }

    @Test
    void eachAcceptedChangeIsStreamedAsAnEventWithTheItemsStateAndARefusedOneIsNot() throws Exception {
        try (EventStream stream = stream(null)) {
            assertEquals("ready", stream.next(WITHIN).name());
            String initiative = PlanFixture.createInitiative("Evented programme", "cio");
            graphql("""
                    mutation { createInitiative(initiative: { name: "", accountableOwner: "cio" }) { id } }
                    """, Map.of()).body("errors[0].extensions.code", notNullValue());
            String workstream = PlanFixture.addWorkstream(initiative, "Evented lane", "SALES", "it-lead");

            EventStream.Event created = stream.next(WITHIN);
            assertEquals("InitiativeCreated", created.name());
            JsonNode event = json(created);
            assertEquals("Initiative", event.get("aggregateType").asText());
            assertEquals(initiative, event.get("aggregateId").asText());
            assertEquals(created.id(), event.get("position").asText());
            assertEquals("Evented programme", event.at("/payload/state/name").asText());
            assertEquals(0, event.at("/payload/version").asInt());
            assertEquals("cio", event.at("/payload/state/accountableOwner").asText());

            EventStream.Event next = stream.next(WITHIN);
            assertEquals("WorkstreamCreated", next.name(), "the refused initiative wrote no event");
            assertEquals(initiative, json(next).at("/payload/initiativeId").asText());
            assertEquals(workstream, json(next).get("aggregateId").asText());
            assertTrue(FeedPosition.parse(next.id()).orElseThrow()
                    .compareTo(FeedPosition.parse(created.id()).orElseThrow()) > 0);
        }
    }

    @Test
    void aReaderThatNamesTheLastEventItHandledGetsExactlyTheEventsAfterIt() throws Exception {
        String first;
        try (EventStream stream = stream(null)) {
            stream.next("ready", WITHIN);
            String initiative = PlanFixture.createInitiative("Resumed programme", "cio");
            PlanFixture.addWorkstream(initiative, "Lane one", "SALES", "it-lead");
            PlanFixture.addWorkstream(initiative, "Lane two", "FINANCE", "it-lead");
            first = stream.next(WITHIN).id();
            stream.next(WITHIN);
            stream.next(WITHIN);
        }
        try (EventStream resumed = stream(first)) {
            EventStream.Event ready = resumed.next(WITHIN);
            assertEquals("ready", ready.name());
            assertEquals(first, ready.id());
            assertEquals("Lane one", json(resumed.next(WITHIN)).at("/payload/state/name").asText());
            assertEquals("Lane two", json(resumed.next(WITHIN)).at("/payload/state/name").asText());
        }
    }

    @Test
    void anEventCommittedWhileAnOlderTransactionIsOpenWaitsForItAndIsNeverSkipped() throws Exception {
        FeedPosition start = feed.head();
        try (Connection older = dataSource.getConnection()) {
            older.setAutoCommit(false);
            try (PreparedStatement insert = older.prepareStatement("insert into outbox (aggregatetype, aggregateid, "
                    + "type, payload) values ('Test', 'older', 'Written first', '{}')")) {
                insert.executeUpdate();
            }
            String initiative = PlanFixture.createInitiative("Younger programme", "cio");

            EventFeed.Page whileOpen = feed.after(start, EventFeed.PAGE);
            assertTrue(whileOpen.events().isEmpty(), "the younger event waits: " + whileOpen.events());
            assertTrue(whileOpen.heldBack());

            older.commit();
            List<OutboxEvent> after = feed.after(start, EventFeed.PAGE).events();
            assertEquals(List.of("older", initiative), after.stream().map(OutboxEvent::aggregateId).toList());
            assertFalse(feed.after(after.get(1).position(), EventFeed.PAGE).heldBack());
        }
    }

    @Test
    void theOutboxHasTheColumnsDebeziumsOutboxEventRouterReadsAndKeepsEventsAsWritten() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            try (ResultSet columns = connection.getMetaData().getColumns(null, "public", "outbox", null)) {
                java.util.Set<String> names = new java.util.HashSet<>();
                while (columns.next()) {
                    names.add(columns.getString("COLUMN_NAME"));
                }
                assertTrue(names.containsAll(List.of("id", "aggregatetype", "aggregateid", "type", "payload")), names.toString());
            }
            PlanFixture.createInitiative("Kept programme", "cio");
            try (PreparedStatement update = connection.prepareStatement("update outbox set type = 'Rewritten'")) {
                update.executeUpdate();
                throw new AssertionError("an event was rewritten");
            } catch (java.sql.SQLException refused) {
                assertTrue(refused.getMessage().contains("kept as written"), refused.getMessage());
            }
        }
    }

    @Test
    void aLastEventIdThatIsNoPositionIsAProblemNamingWhatAnIdLooksLike() {
        try (EventStream stream = stream("yesterday")) {
            assertEquals(400, stream.status());
            assertTrue(stream.contentType().startsWith("application/problem+json"), stream.contentType());
            assertTrue(stream.body().contains("'yesterday' is not an event id of this feed"), stream.body());
        }
    }
}
