package org.throughline.plan.revision;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.plan.Initiative;
import org.throughline.plan.Milestone;
import org.throughline.plan.PlanItem;
import org.throughline.plan.PlanItemKind;
import org.throughline.plan.Workstream;
import org.throughline.subgraph.ChangeRecorder;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.RevisionRecord;
import org.throughline.subgraph.StoredJson;
import org.throughline.subgraph.events.Outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan's memory. Every change to a plan item is recorded here as an immutable revision with the item's whole
 * state afterwards; the plan as it stood at an instant is, for each item, the latest state recorded up to then.
 * Each revision is also an event in the outbox, written in the same transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RevisionLog {

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    CurrentUser user;

    @Inject
    Outbox outbox;

    /** The aggregate type of each kind of item in the events of its changes. */
    private static final Map<PlanItemKind, String> AGGREGATES = Map.of(PlanItemKind.INITIATIVE, "Initiative",
            PlanItemKind.WORKSTREAM, "Workstream", PlanItemKind.MILESTONE, "Milestone");

    /** An item about to be recorded: its state before the change (null when it is new) and the version it had. */
    public record Change(PlanItem item, Record before, int versionBefore, String reason) {

        public static Change creation(PlanItem item, String reason) {
            return new Change(item, null, -1, reason);
        }

        public static Change of(PlanItem item, Record before, int versionBefore, String reason) {
            return new Change(item, before, versionBefore, reason);
        }
    }

    /**
     * Writes the changed items and one revision for each that really changed, all stamped with one instant of the
     * database's clock, read after the items were written: a later change to an item waits for the earlier one's row
     * lock, so revisions of an item are ordered in time as in version. A stale item fails here with Hibernate's
     * optimistic lock exception, which the caller turns into a conflict. Returns the revisions written.
     */
    public List<PlanRevision> record(List<Change> changes) {
        List<Optional<ChangeRecorder.Recorded>> recorded = ChangeRecorder.recordAll(entityManager, json, user.id(),
                changes.stream().map(change -> new ChangeRecorder.Pending(change.item(), change.before(),
                        change.item().state(), change.versionBefore(), change.item()::currentVersion)).toList());
        List<PlanRevision> written = new ArrayList<>();
        List<Outbox.Event> events = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            recorded.get(i).ifPresent(record -> {
                PlanRevision revision = new PlanRevision();
                revision.itemKind = change.item().itemKind();
                revision.itemId = change.item().itemId();
                revision.initiativeId = change.item().initiativeKey();
                revision.take(record, change.reason());
                revision.persist();
                written.add(revision);
                events.add(outbox.revised(AGGREGATES.get(revision.itemKind), revision.itemId.toString(), revision,
                        outbox.object().put("initiativeId", revision.initiativeId == null ? null
                                : revision.initiativeId.toString())));
            });
        }
        outbox.appendAll(events);
        return written;
    }

    /** The revisions of each item, oldest first, one list per id in the given order; up to {@code asOf} if given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PlanRevision> revisionsOf(PlanItemKind kind, Collection<Long> ids, Instant asOf) {
        return RevisionRecord.decoded(json, asOf == null
                ? PlanRevision.list("itemKind = ?1 and itemId in ?2 order by itemId, version", kind, ids)
                : PlanRevision.list("itemKind = ?1 and itemId in ?2 and changedAt <= ?3 order by itemId, version",
                        kind, ids, asOf));
    }

    /** The initiatives as they stood at the instant: all of them, or those with the given ids. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Initiative> initiativesAsOf(Instant asOf, Collection<Long> ids) {
        return statesAsOf(PlanItemKind.INITIATIVE, asOf, "item_id", ids).stream()
                .map(row -> Initiative.rebuilt(StoredJson.read(json, row.state(), Initiative.State.class), row.version(), asOf))
                .toList();
    }

    /** The workstreams as they stood at the instant, of the given initiatives, or with the given ids. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Workstream> workstreamsAsOf(Instant asOf, Scope scope, Collection<Long> keys) {
        return statesAsOf(PlanItemKind.WORKSTREAM, asOf, scope.column, keys).stream()
                .map(row -> Workstream.rebuilt(StoredJson.read(json, row.state(), Workstream.State.class), row.version(), asOf))
                .toList();
    }

    /** The milestones as they stood at the instant, of the given initiatives, or with the given ids. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Milestone> milestonesAsOf(Instant asOf, Scope scope, Collection<Long> keys) {
        return statesAsOf(PlanItemKind.MILESTONE, asOf, scope.column, keys).stream()
                .map(row -> Milestone.rebuilt(StoredJson.read(json, row.state(), Milestone.State.class), row.version(), asOf))
                .toList();
    }

    /** Which items a look back in time is limited to: the items of some initiatives, or some items by id. */
    public enum Scope {
        INITIATIVES("initiative_id"), ITEMS("item_id");

        private final String column;

        Scope(String column) {
            this.column = column;
        }
    }

    private record StateRow(int version, String state) {
    }

    @SuppressWarnings("unchecked")
    private List<StateRow> statesAsOf(PlanItemKind kind, Instant asOf, String column, Collection<Long> keys) {
        Objects.requireNonNull(asOf);
        if (keys != null && keys.isEmpty()) {
            return List.of();
        }
        // PostgreSQL's distinct on keeps the first row per item in the order given: its latest version by then.
        var query = entityManager.createNativeQuery("select distinct on (item_id) version, state::text"
                        + " from plan_revision where item_kind = :kind and changed_at <= :asOf"
                        + (keys == null ? "" : " and " + column + " in (:keys)")
                        + " order by item_id, version desc")
                .setParameter("kind", kind.name())
                .setParameter("asOf", asOf);
        if (keys != null) {
            query.setParameter("keys", keys);
        }
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> new StateRow(((Number) row[0]).intValue(), (String) row[1]))
                .toList();
    }
}
