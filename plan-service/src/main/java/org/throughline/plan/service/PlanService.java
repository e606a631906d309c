package org.throughline.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import org.throughline.plan.BusinessFunction;
import org.throughline.plan.Initiative;
import org.throughline.plan.Milestone;
import org.throughline.plan.Person;
import org.throughline.plan.PlanItem;
import org.throughline.plan.Workstream;
import org.throughline.plan.revision.PlanRevision;
import org.throughline.plan.revision.RevisionLog;
import org.throughline.plan.revision.RevisionLog.Scope;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.Inputs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads the plan, live or as it stood at a past instant. Items read as of an instant carry it, and everything asked
 * beneath them is read for the same instant. Every method that serves a list of parents answers with one query per
 * list (per instant), never one per parent.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class PlanService {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 500;

    private static final Comparator<Milestone> MILESTONE_ORDER =
            Comparator.comparing((Milestone milestone) -> milestone.baselineFinish).thenComparing(m -> m.id);
    private static final Comparator<Workstream> WORKSTREAM_ORDER = Comparator.comparing((Workstream w) -> w.id);
    private static final Comparator<Initiative> INITIATIVE_ORDER = Comparator.comparing((Initiative i) -> i.id);

    @Inject
    EntityManager entityManager;

    @Inject
    RevisionLog revisions;

    // ----- one item -----

    public Optional<Initiative> initiative(String id, OffsetDateTime asOf) throws BadInputException {
        long key = Inputs.id("id", id);
        Instant at = instant(asOf);
        return at == null ? Initiative.findByIdOptional(key)
                : revisions.initiativesAsOf(at, List.of(key)).stream().findFirst();
    }

    public Optional<Workstream> workstream(String id, OffsetDateTime asOf) throws BadInputException {
        long key = Inputs.id("id", id);
        Instant at = instant(asOf);
        return at == null ? Workstream.findByIdOptional(key)
                : revisions.workstreamsAsOf(at, Scope.ITEMS, List.of(key)).stream().findFirst();
    }

    public Optional<Milestone> milestone(String id, OffsetDateTime asOf) throws BadInputException {
        long key = Inputs.id("id", id);
        Instant at = instant(asOf);
        return at == null ? Milestone.findByIdOptional(key)
                : revisions.milestonesAsOf(at, Scope.ITEMS, List.of(key)).stream().findFirst();
    }

    // ----- lists with filters and pages -----

    public Page<Initiative> initiatives(InitiativeFilter filter, OffsetDateTime asOf, Integer first, String after)
            throws BadInputException {
        InitiativeFilter given = filter == null ? new InitiativeFilter() : filter;
        String owner = given.accountableOwner == null ? null : Inputs.userId("filter.accountableOwner", given.accountableOwner);
        Set<?> statuses = given.status == null || given.status.isEmpty() ? null : Set.copyOf(given.status);
        int size = pageSize(first);
        Cursor cursor = Cursor.decode(after, false);
        Instant at = instant(asOf);
        if (at == null) {
            Where where = new Where()
                    .and(statuses != null, "status in :status", "status", statuses)
                    .and(owner != null, "accountableOwner = :owner", "owner", owner);
            return live(Initiative.class, where, cursor == null ? null : "id > :afterId", cursor, "id", size);
        }
        Predicate<Initiative> matches = initiative -> (statuses == null || statuses.contains(initiative.status))
                && (owner == null || owner.equals(initiative.accountableOwner));
        return inMemory(revisions.initiativesAsOf(at, null), matches, INITIATIVE_ORDER,
                initiative -> cursor == null || initiative.id > cursor.id(), size, cursor != null);
    }

    public Page<Workstream> workstreams(WorkstreamFilter filter, OffsetDateTime asOf, Integer first, String after)
            throws BadInputException {
        WorkstreamFilter given = filter == null ? new WorkstreamFilter() : filter;
        Long initiative = given.initiativeId == null ? null : Inputs.id("filter.initiativeId", given.initiativeId);
        String owner = given.accountableOwner == null ? null : Inputs.userId("filter.accountableOwner", given.accountableOwner);
        BusinessFunction function = given.businessFunction;
        int size = pageSize(first);
        Cursor cursor = Cursor.decode(after, false);
        Instant at = instant(asOf);
        if (at == null) {
            Where where = new Where()
                    .and(initiative != null, "initiativeId = :initiative", "initiative", initiative)
                    .and(function != null, "businessFunction = :function", "function", function)
                    .and(owner != null, "accountableOwner = :owner", "owner", owner);
            return live(Workstream.class, where, cursor == null ? null : "id > :afterId", cursor, "id", size);
        }
        Predicate<Workstream> matches = workstream -> (function == null || function == workstream.businessFunction)
                && (owner == null || owner.equals(workstream.accountableOwner));
        List<Workstream> all = revisions.workstreamsAsOf(at, Scope.INITIATIVES,
                initiative == null ? null : List.of(initiative));
        return inMemory(all, matches, WORKSTREAM_ORDER,
                workstream -> cursor == null || workstream.id > cursor.id(), size, cursor != null);
    }

    public Page<Milestone> milestones(MilestoneFilter filter, OffsetDateTime asOf, Integer first, String after)
            throws BadInputException {
        MilestoneFilter given = filter == null ? new MilestoneFilter() : filter;
        Long initiative = given.initiativeId == null ? null : Inputs.id("filter.initiativeId", given.initiativeId);
        Long workstream = given.workstreamId == null ? null : Inputs.id("filter.workstreamId", given.workstreamId);
        String owner = given.accountableOwner == null ? null : Inputs.userId("filter.accountableOwner", given.accountableOwner);
        BusinessFunction function = given.businessFunction;
        Set<?> statuses = given.deliveryStatus == null || given.deliveryStatus.isEmpty() ? null : Set.copyOf(given.deliveryStatus);
        Set<?> healths = given.health == null || given.health.isEmpty() ? null : Set.copyOf(given.health);
        Set<?> gates = given.stageGate == null || given.stageGate.isEmpty() ? null : Set.copyOf(given.stageGate);
        int size = pageSize(first);
        Cursor cursor = Cursor.decode(after, true);
        Instant at = instant(asOf);
        if (at == null) {
            Where where = new Where()
                    .and(initiative != null, "initiativeId = :initiative", "initiative", initiative)
                    .and(workstream != null, "workstreamId = :workstream", "workstream", workstream)
                    .and(function != null, "workstreamId in (select w.id from Workstream w where w.businessFunction = :function)",
                            "function", function)
                    .and(statuses != null, "deliveryStatus in :statuses", "statuses", statuses)
                    .and(healths != null, "health in :healths", "healths", healths)
                    .and(gates != null, "stageGate in :gates", "gates", gates)
                    .and(owner != null, "accountableOwner = :owner", "owner", owner);
            return live(Milestone.class, where, cursor == null ? null
                            : "(baselineFinish > :afterDate or (baselineFinish = :afterDate and id > :afterId))",
                    cursor, "baselineFinish, id", size);
        }
        List<Long> initiatives = initiative == null ? null : List.of(initiative);
        Map<Long, BusinessFunction> functions = function == null ? Map.of()
                : revisions.workstreamsAsOf(at, Scope.INITIATIVES, initiatives).stream()
                        .collect(Collectors.toMap(w -> w.id, w -> w.businessFunction));
        Predicate<Milestone> matches = milestone -> (workstream == null || workstream.equals(milestone.workstreamId))
                && (function == null || function == functions.get(milestone.workstreamId))
                && (statuses == null || statuses.contains(milestone.deliveryStatus))
                && (healths == null || healths.contains(milestone.health))
                && (gates == null || gates.contains(milestone.stageGate))
                && (owner == null || owner.equals(milestone.accountableOwner));
        return inMemory(revisions.milestonesAsOf(at, Scope.INITIATIVES, initiatives), matches, MILESTONE_ORDER,
                milestone -> cursor == null || MILESTONE_ORDER.compare(milestone, cursorMilestone(cursor)) > 0,
                size, cursor != null);
    }

    // ----- fields of many parents at once -----

    public List<List<Workstream>> workstreamsOf(List<Initiative> initiatives) {
        return perInstant(initiatives, (at, group) -> BatchedLoad.childrenOf(ids(group), ids -> at == null
                        ? Workstream.<Workstream>list("initiativeId in ?1 order by id", ids)
                        : sorted(revisions.workstreamsAsOf(at, Scope.INITIATIVES, ids), WORKSTREAM_ORDER),
                workstream -> workstream.initiativeId));
    }

    public List<List<Milestone>> milestonesOfInitiatives(List<Initiative> initiatives) {
        return perInstant(initiatives, (at, group) -> BatchedLoad.childrenOf(ids(group), ids -> at == null
                        ? Milestone.<Milestone>list("initiativeId in ?1 order by baselineFinish, id", ids)
                        : sorted(revisions.milestonesAsOf(at, Scope.INITIATIVES, ids), MILESTONE_ORDER),
                milestone -> milestone.initiativeId));
    }

    public List<List<Milestone>> milestonesOfWorkstreams(List<Workstream> workstreams) {
        return perInstant(workstreams, (at, group) -> BatchedLoad.childrenOf(ids(group), ids -> at == null
                        ? Milestone.<Milestone>list("workstreamId in ?1 order by baselineFinish, id", ids)
                        : sorted(revisions.milestonesAsOf(at, Scope.INITIATIVES, initiativeKeys(group)).stream()
                        .filter(milestone -> ids.contains(milestone.workstreamId)).toList(), MILESTONE_ORDER),
                milestone -> milestone.workstreamId));
    }

    /** The initiative of each workstream or milestone, in the given order. */
    public List<Initiative> initiativesOf(List<? extends PlanItem> items) {
        return perInstant(items, (at, group) -> BatchedLoad.oneEach(initiativeKeys(group), ids -> at == null
                ? Initiative.<Initiative>list("id in ?1", ids) : revisions.initiativesAsOf(at, ids),
                initiative -> initiative.id));
    }

    public List<Workstream> workstreamsOfMilestones(List<Milestone> milestones) {
        return perInstant(milestones, (at, group) -> BatchedLoad.oneEach(
                group.stream().map(milestone -> milestone.workstreamId).toList(), ids -> at == null
                        ? Workstream.<Workstream>list("id in ?1", ids) : revisions.workstreamsAsOf(at, Scope.ITEMS, ids),
                workstream -> workstream.id));
    }

    /** The milestones each milestone depends on, by baseline finish. */
    public List<List<Milestone>> dependenciesOf(List<Milestone> milestones) {
        return perInstant(milestones, (at, group) -> along(group, at == null ? dependencyIds(ids(group))
                        : group.stream().collect(Collectors.toMap(m -> m.id, m -> m.dependsOnIds, (a, b) -> a)),
                targets -> at == null ? Milestone.list("id in ?1", targets)
                        : revisions.milestonesAsOf(at, Scope.ITEMS, targets)));
    }

    /** The milestones that depend on each milestone, by baseline finish. */
    @SuppressWarnings("unchecked")
    public List<List<Milestone>> dependentsOf(List<Milestone> milestones) {
        return perInstant(milestones, (at, group) -> {
            if (at == null) {
                Map<Long, List<Long>> dependents = BatchedLoad.links(entityManager.createNativeQuery(
                        "select depends_on_id, milestone_id from milestone_dependency where depends_on_id in (:ids)")
                        .setParameter("ids", ids(group)).getResultList());
                return along(group, dependents, sources -> Milestone.list("id in ?1", sources));
            }
            List<Milestone> all = revisions.milestonesAsOf(at, Scope.INITIATIVES, initiativeKeys(group));
            return group.stream().map(milestone -> sorted(all.stream()
                    .filter(other -> other.dependsOnIds.contains(milestone.id)).toList(), MILESTONE_ORDER)).toList();
        });
    }

    /** For each milestone, the milestones its edges lead to, loaded at once, by baseline finish. */
    private static List<List<Milestone>> along(List<Milestone> group, Map<Long, List<Long>> edges,
                                               Function<List<Long>, List<Milestone>> load) {
        List<Long> targets = edges.values().stream().flatMap(List::stream).distinct().toList();
        Map<Long, Milestone> byId = (targets.isEmpty() ? List.<Milestone>of() : load.apply(targets)).stream()
                .collect(Collectors.toMap(m -> m.id, Function.identity()));
        return group.stream().map(milestone -> sorted(edges.getOrDefault(milestone.id, List.of()).stream()
                .map(byId::get).filter(java.util.Objects::nonNull).toList(), MILESTONE_ORDER)).toList();
    }

    /** The revisions of each item, oldest first; up to the instant the item was read for. */
    public List<List<PlanRevision>> revisionsOf(List<? extends PlanItem> items) {
        return perInstant(items, (at, group) -> BatchedLoad.childrenOf(group.stream().map(PlanItem::itemId).toList(),
                ids -> revisions.revisionsOf(group.get(0).itemKind(), ids, at), revision -> revision.itemId));
    }

    // ----- a person's accountabilities -----

    public List<List<Initiative>> initiativesAccountableOf(List<Person> people) {
        return BatchedLoad.childrenOf(owners(people),
                owners -> Initiative.list("accountableOwner in ?1 order by id", owners), i -> i.accountableOwner);
    }

    public List<List<Workstream>> workstreamsAccountableOf(List<Person> people) {
        return BatchedLoad.childrenOf(owners(people),
                owners -> Workstream.list("accountableOwner in ?1 order by id", owners), w -> w.accountableOwner);
    }

    public List<List<Milestone>> milestonesAccountableOf(List<Person> people) {
        return BatchedLoad.childrenOf(owners(people), owners -> Milestone.list(
                "accountableOwner in ?1 order by baselineFinish, id", owners), m -> m.accountableOwner);
    }

    // ----- entities by key, for federation -----

    public List<Initiative> initiativesInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> Initiative.<Initiative>list("id in ?1", found), initiative -> initiative.id);
    }

    public List<Workstream> workstreamsInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> Workstream.<Workstream>list("id in ?1", found), workstream -> workstream.id);
    }

    public List<Milestone> milestonesInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> Milestone.<Milestone>list("id in ?1", found), milestone -> milestone.id);
    }

    // ----- shared with the change service -----

    /** The ids each milestone depends on, sorted; milestones without dependencies are absent. */
    @SuppressWarnings("unchecked")
    Map<Long, List<Long>> dependencyIds(Collection<Long> milestoneIds) {
        if (milestoneIds.isEmpty()) {
            return Map.of();
        }
        return BatchedLoad.links(entityManager.createNativeQuery("select milestone_id, depends_on_id"
                        + " from milestone_dependency where milestone_id in (:ids) order by milestone_id, depends_on_id")
                .setParameter("ids", milestoneIds).getResultList());
    }

    /** The ids each milestone of the initiative depends on, sorted, as the database holds them now. */
    @SuppressWarnings("unchecked")
    Map<Long, List<Long>> dependencyIdsInInitiative(Long initiativeId) {
        return BatchedLoad.links(entityManager.createNativeQuery("select d.milestone_id, d.depends_on_id"
                        + " from milestone_dependency d join milestone m on m.id = d.milestone_id"
                        + " where m.initiative_id = :initiative order by d.milestone_id, d.depends_on_id")
                .setParameter("initiative", initiativeId).getResultList());
    }

    private static Instant instant(OffsetDateTime asOf) throws BadInputException {
        return asOf == null ? null : Inputs.asOf("asOf", asOf).toInstant();
    }

    // ----- helpers -----

    private static int pageSize(Integer first) throws BadInputException {
        return first == null ? DEFAULT_PAGE_SIZE : Inputs.range("first", first, 1, MAX_PAGE_SIZE);
    }

    private <T> Page<T> live(Class<T> type, Where where, String afterCondition, Cursor cursor, String order, int size) {
        String entity = type.getSimpleName();
        TypedQuery<Long> count = entityManager.createQuery("select count(*) from " + entity + where.clause(null),
                Long.class);
        where.bind(count, null);
        TypedQuery<T> page = entityManager.createQuery("from " + entity + where.clause(afterCondition)
                + " order by " + order, type).setMaxResults(size + 1);
        where.bind(page, cursor);
        List<T> items = page.getResultList();
        boolean more = items.size() > size;
        return new Page<>(more ? items.subList(0, size) : items, more, cursor != null, count.getSingleResult().intValue());
    }

    private static <T> Page<T> inMemory(List<T> all, Predicate<T> matches, Comparator<T> order, Predicate<T> afterCursor,
                                        int size, boolean paged) {
        List<T> matching = all.stream().filter(matches).sorted(order).toList();
        List<T> rest = matching.stream().filter(afterCursor).limit(size + 1L).toList();
        boolean more = rest.size() > size;
        return new Page<>(more ? rest.subList(0, size) : rest, more, paged, matching.size());
    }

    private static Milestone cursorMilestone(Cursor cursor) {
        Milestone marker = new Milestone();
        marker.baselineFinish = cursor.date();
        marker.id = cursor.id();
        return marker;
    }

    private static <P extends PlanItem, R> List<R> perInstant(List<P> parents, BiFunction<Instant, List<P>, List<R>> load) {
        return BatchedLoad.perInstant(parents, PlanItem::asOf, load);
    }

    private static List<Long> ids(List<? extends PlanItem> items) {
        return items.stream().map(PlanItem::itemId).toList();
    }

    private static List<Long> initiativeKeys(List<? extends PlanItem> items) {
        return items.stream().map(PlanItem::initiativeKey).toList();
    }

    private static List<String> owners(List<Person> people) {
        return people.stream().map(person -> person.id).toList();
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        return items.stream().sorted(order).toList();
    }

    /** The conditions of a list query, with their named parameters. */
    private static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> parameters = new LinkedHashMap<>();

        Where and(boolean applies, String condition, String name, Object value) {
            if (applies) {
                conditions.add(condition);
                parameters.put(name, value);
            }
            return this;
        }

        String clause(String extra) {
            List<String> all = new ArrayList<>(conditions);
            if (extra != null) {
                all.add(extra);
            }
            return all.isEmpty() ? "" : " where " + String.join(" and ", all);
        }

        void bind(TypedQuery<?> query, Cursor cursor) {
            parameters.forEach(query::setParameter);
            if (cursor != null) {
                query.setParameter("afterId", cursor.id());
                if (cursor.date() != null) {
                    query.setParameter("afterDate", cursor.date());
                }
            }
        }
    }
}
