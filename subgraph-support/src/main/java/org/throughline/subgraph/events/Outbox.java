package org.throughline.subgraph.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.subgraph.RevisionRecord;

import java.util.List;

/**
 * Writes each accepted change as an event to the service's own {@code outbox} table, in the transaction that makes
 * the change: the event exists exactly when the change does. The table has the columns Debezium's outbox event
 * router reads (id, aggregatetype, aggregateid, type, payload), so a deployment that wants Kafka relays it without
 * code; inside the platform its insert trigger NOTIFYs the service's readers at commit ({@link EventRelay}), and the
 * table stays the source of truth that every reader catches up from ({@link EventFeed}).
 */
@ApplicationScoped
public class Outbox {

    /** The channel the outbox's insert trigger notifies. */
    public static final String CHANNEL = "outbox";

    /** An event to append: the kind of item it is about and its id, what happened, and the details as JSON. */
    public record Event(String aggregateType, String aggregateId, String type, ObjectNode payload) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    /** Appends one event. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String aggregateType, String aggregateId, String type, ObjectNode payload) {
        appendAll(List.of(new Event(aggregateType, aggregateId, type, payload)));
    }

    /** Appends the events in the order given, with one statement however many they are (a plan import's, say). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        ArrayNode rows = json.createArrayNode();
        for (Event event : events) {
            rows.addObject().put("aggregateType", event.aggregateType()).put("aggregateId", event.aggregateId())
                    .put("type", event.type()).set("payload", event.payload());
        }
        entityManager.createNativeQuery("""
                        insert into outbox (aggregatetype, aggregateid, type, payload)
                        select event ->> 'aggregateType', event ->> 'aggregateId', event ->> 'type', event -> 'payload'
                        from jsonb_array_elements(cast(:events as jsonb)) with ordinality as given (event, n)
                        order by n""")
                .setParameter("events", rows.toString())
                .executeUpdate();
    }

    /**
     * The event of a recorded revision: {@code <aggregateType>Created} for version 0, else
     * {@code <aggregateType>Changed}, with who, when, why, the fields that changed and the whole state afterwards,
     * and what the caller adds ({@code context}: the initiative a milestone belongs to, say).
     */
    public Event revised(String aggregateType, String aggregateId, RevisionRecord revision, ObjectNode context) {
        ObjectNode payload = context == null ? json.createObjectNode() : context;
        payload.put("id", aggregateId);
        payload.put("version", revision.version);
        payload.put("changedAt", revision.changedAt.toString());
        payload.put("changedBy", revision.changedBy);
        payload.put("reason", revision.reason);
        payload.putRawValue("changes", new RawValue(revision.changesJson));
        payload.putRawValue("state", new RawValue(revision.stateJson));
        return new Event(aggregateType, aggregateId, aggregateType + (revision.version == 0 ? "Created" : "Changed"),
                payload);
    }

    /** A new JSON object for an event's payload or context. */
    public ObjectNode object() {
        return json.createObjectNode();
    }
}
