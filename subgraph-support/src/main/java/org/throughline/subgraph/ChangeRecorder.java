package org.throughline.subgraph;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.ArrayList;
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

    /** One item to write: its state before the change (null when new) and after it, the version it had before, and
     * how to read the version it has now. */
    public record Pending(Object item, Record before, Record after, int versionBefore, IntSupplier version) {
    }

    /**
     * Writes the item; empty when nothing of its state changed. {@code before} is null for a new item. An item whose
     * row did not change (what changed lives in another table) still takes a new version, checked like any.
     */
    public static Optional<Recorded> record(EntityManager entityManager, ObjectMapper json, String by, Object item,
                                            Record before, Record after, int versionBefore, IntSupplier version) {
        return recordAll(entityManager, json, by, List.of(new Pending(item, before, after, versionBefore, version)))
                .get(0);
    }

    /**
     * Writes many items with one flush, and stamps every one that changed with one instant of the database's clock,
     * read after they were written: what each revision records, in the order given, empty where nothing changed.
     */
    public static List<Optional<Recorded>> recordAll(EntityManager entityManager, ObjectMapper json, String by,
                                                     List<Pending> items) {
        List<List<FieldChange>> changes = items.stream()
                .map(item -> FieldChange.between(json, item.before(), item.after())).toList();
        entityManager.flush();
        boolean changed = false;
        for (int i = 0; i < items.size(); i++) {
            Pending item = items.get(i);
            if (!changes.get(i).isEmpty()) {
                changed = true;
                if (item.before() != null && item.version().getAsInt() == item.versionBefore()) {
                    entityManager.lock(item.item(), LockModeType.PESSIMISTIC_FORCE_INCREMENT);
                }
            }
        }
        Instant now = changed ? DatabaseClock.now(entityManager) : null;
        List<Optional<Recorded>> recorded = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Pending item = items.get(i);
            List<FieldChange> fields = changes.get(i);
            recorded.add(fields.isEmpty() ? Optional.empty() : Optional.of(new Recorded(item.version().getAsInt(),
                    now, by, fields, StoredJson.write(json, fields), StoredJson.write(json, item.after()))));
        }
        return recorded;
    }
}
