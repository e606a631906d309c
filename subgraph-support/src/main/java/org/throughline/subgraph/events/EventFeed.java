package org.throughline.subgraph.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the service's outbox in feed order. Only the events of transactions older than every transaction still
 * running are read ({@code pg_snapshot_xmin}): an event committed while an older writer is still open waits for it,
 * so a reader never skips an event that commits after a later one was read. That is what lets any number of readers
 * (each replica, each consumer that was down) resume from a position and miss nothing.
 */
@ApplicationScoped
public class EventFeed {

    /** At most this many events per read. */
    public static final int PAGE = 500;

    /** The events after a position, and whether later ones are committed but held back by an older writer. */
    public record Page(List<OutboxEvent> events, boolean heldBack) {

        /** The position of the last event read, or the one given when there was none. */
        public FeedPosition last(FeedPosition from) {
            return events.isEmpty() ? from : events.get(events.size() - 1).position();
        }
    }

    @Inject
    DataSource dataSource;

    /** Up to {@code limit} events after the position, in feed order. */
    public Page after(FeedPosition position, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement read = connection.prepareStatement("""
                     with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
                     select id, aggregatetype, aggregateid, type, payload::text, occurred_at, txid::text, place,
                            txid >= (select xmin from horizon) as held
                     from outbox
                     where (txid, place) > (cast(? as xid8), ?)
                     order by txid, place
                     limit ?""")) {
            read.setString(1, Long.toUnsignedString(position.transaction()));
            read.setLong(2, position.place());
            read.setInt(3, limit + 1);
            List<OutboxEvent> events = new ArrayList<>();
            boolean heldBack = false;
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    if (rows.getBoolean(9)) {
                        heldBack = true;
                        break;
                    }
                    if (events.size() == limit) {
                        break;
                    }
                    events.add(new OutboxEvent(new FeedPosition(Long.parseUnsignedLong(rows.getString(7)),
                            rows.getLong(8)), (UUID) rows.getObject(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getTimestamp(6).toInstant(), rows.getString(5)));
                }
            }
            return new Page(events, heldBack);
        }
    }

    /**
     * The position just before the first event not yet committed: a reader that starts here gets every event
     * committed from now on (and perhaps a few committed just before, while an older writer was still open).
     */
    public FeedPosition head() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement read = connection.prepareStatement(
                     "select pg_snapshot_xmin(pg_current_snapshot())::text");
             ResultSet row = read.executeQuery()) {
            row.next();
            return new FeedPosition(Long.parseUnsignedLong(row.getString(1)), 0);
        }
    }
}
