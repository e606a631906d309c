package org.throughline.subgraph.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.time.Instant;
import java.util.UUID;

/**
 * One accepted change as the outbox recorded it, in the shape Debezium's outbox event router reads: the event's id,
 * the kind of item (aggregate type) and its id, the event's type and its JSON payload; besides, when it happened and
 * where it stands in the service's feed.
 */
public record OutboxEvent(FeedPosition position, UUID id, String aggregateType, String aggregateId, String type,
                          Instant occurredAt, String payload) {

    /** The event as one JSON object, its payload inline: the data of a server-sent event. */
    public String toJson(ObjectMapper json) {
        ObjectNode event = json.createObjectNode();
        event.put("id", id.toString());
        event.put("position", position.toString());
        event.put("aggregateType", aggregateType);
        event.put("aggregateId", aggregateId);
        event.put("type", type);
        event.put("occurredAt", occurredAt.toString());
        event.putRawValue("payload", new RawValue(payload));
        return event.toString();
    }
}
