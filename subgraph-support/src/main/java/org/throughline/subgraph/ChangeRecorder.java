package org.throughline.subgraph;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Writes one changed item and says what its revision records, for a service that keeps an immutable history of its
 * items: the fields that changed, the item's version after the change, the instant (the database clock, read after
 * the write), who, and both as stored JSON. A stale item fails the write with Hibernate's optimistic lock exception.
 */
public final class ChangeRecorder {

    private ChangeRecorder() {
    }

    /** What a revision of the item records. */
    public record Recorded(int version, Instant changedAt, String changedBy, List<FieldChange> changes,
                           String changesJson, String stateJson) {
    }

    /**
     * Writes the item; empty when nothing of its state changed. {@code before} is null for a new item. An item whose
     * row did not change (what changed lives in another table) still takes a new version, checked like any.
     */
    public static Optional<Recorded> record(EntityManager entityManager, ObjectMapper json, String by, Object item,
                                            Record before, Record after, int versionBefore, IntSupplier version) {
        List<FieldChange> changes = FieldChange.between(json, before, after);
        entityManager.flush();
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        if (before != null && version.getAsInt() == versionBefore) {
            entityManager.lock(item, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        }
        return Optional.of(new Recorded(version.getAsInt(), DatabaseClock.now(entityManager), by, changes,
                StoredJson.write(json, changes), StoredJson.write(json, after)));
    }
}
