package org.throughline.subgraph;

import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The one clock that stamps recorded history: the database's, not each pod's. Read after a change was written (its
 * row locks held), a later change to the same rows always gets a later instant.
 */
public final class DatabaseClock {

    private DatabaseClock() {
    }

    /** {@code clock_timestamp()}, not {@code now()}: the moment of asking, not when the transaction began. */
    public static Instant now(EntityManager entityManager) {
        Object timestamp = entityManager.createNativeQuery("select clock_timestamp()").getSingleResult();
        if (timestamp instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (timestamp instanceof Timestamp sql) {
            return sql.toInstant();
        }
        return (Instant) timestamp;
    }
}
