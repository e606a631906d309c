package org.throughline.governance.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Governance's read model of the plan and the KPIs: what it last read of them, kept in its own database so that it
 * answers while plan-service or kpi-service is down or hung, marked with when it was read. What the evaluations of
 * the signals read is kept here: a complete read of a source (on the timer, on demand) replaces what is known of it,
 * a read of the items events touched replaces those items; a fact that changed is rewritten, one that is gone is
 * removed. A source's time of reading is that of its last complete read, so a figure is never said to be fresher
 * than it is. Nothing here is shown as live: {@link Upstream} reads live first and comes here only when the service
 * cannot answer.
 */
@ApplicationScoped
public class KnownFacts {

    static final String INITIATIVE = "Initiative";
    static final String MILESTONE = "Milestone";
    static final String KPI = "Kpi";

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    /** Records, in the caller's transaction, a complete read of the plan made at {@code readAt}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(List<PlanFacts.InitiativeSummary> initiatives, List<PlanFacts.Milestone> milestones,
                     OffsetDateTime readAt) {
        replace(INITIATIVE, initiatives, initiative -> initiative.id, null);
        replace(MILESTONE, milestones, milestone -> milestone.id, null);
        read(Upstream.PLAN, readAt);
    }

    /** Records, in the caller's transaction, a complete read of the KPIs made at {@code readAt}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void kpis(List<KpiFacts.Kpi> kpis, OffsetDateTime readAt) {
        replace(KPI, kpis, kpi -> kpi.id, null);
        read(Upstream.KPI, readAt);
    }

    /**
     * Records, in the caller's transaction, the plan items read again because events said they changed: those found
     * are rewritten, those asked for and not found are removed. The source's time of reading stays that of its last
     * complete read: the other items are as old as that.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revisePlan(Collection<String> initiativeIds, Map<String, PlanFacts.InitiativeSummary> initiatives,
                           Collection<String> milestoneIds, Map<String, PlanFacts.Milestone> milestones) {
        replace(INITIATIVE, List.copyOf(initiatives.values()), initiative -> initiative.id, initiativeIds);
        replace(MILESTONE, List.copyOf(milestones.values()), milestone -> milestone.id, milestoneIds);
    }

    /** Records, in the caller's transaction, the KPIs read again because events said they changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reviseKpis(Collection<String> ids, Map<String, KpiFacts.Kpi> kpis) {
        replace(KPI, List.copyOf(kpis.values()), kpi -> kpi.id, ids);
    }

    /** Every initiative of the plan as known. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<PlanFacts.InitiativeSummary> allInitiatives() {
        return List.copyOf(facts(INITIATIVE, null, PlanFacts.InitiativeSummary.class).values());
    }

    /** Every milestone of the plan as known. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<PlanFacts.Milestone> allMilestones() {
        return List.copyOf(facts(MILESTONE, null, PlanFacts.Milestone.class).values());
    }

    /** Every KPI as known. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<KpiFacts.Kpi> allKpis() {
        return List.copyOf(facts(KPI, null, KpiFacts.Kpi.class).values());
    }

    /** The KPIs as last read, when kpi-service was read completely at least once and every id was among them. */
    @Transactional
    public Optional<Known<Map<String, KpiFacts.Kpi>>> kpis(Collection<String> ids) {
        return readAt(Upstream.KPI).flatMap(readAt -> {
            Map<String, KpiFacts.Kpi> found = facts(KPI, ids, KpiFacts.Kpi.class);
            return found.keySet().containsAll(ids) ? Optional.of(new Known<>(found, new Freshness(false, readAt)))
                    : Optional.empty();
        });
    }

    /**
     * The initiatives as last read, each with its milestones (its status is not kept), when plan-service was read
     * completely at least once and every id was among them.
     */
    @Transactional
    public Optional<Known<Map<String, PlanFacts.Initiative>>> initiatives(Collection<String> ids) {
        return readAt(Upstream.PLAN).flatMap(readAt -> {
            Map<String, PlanFacts.InitiativeSummary> found = facts(INITIATIVE, ids, PlanFacts.InitiativeSummary.class);
            if (!found.keySet().containsAll(ids)) {
                return Optional.empty();
            }
            Map<String, List<PlanFacts.Reference>> milestones = milestonesOf("initiative", ids);
            Map<String, PlanFacts.Initiative> initiatives = new HashMap<>();
            found.forEach((id, summary) -> {
                PlanFacts.Initiative initiative = new PlanFacts.Initiative();
                initiative.id = id;
                initiative.name = summary.name;
                initiative.accountableOwner = summary.accountableOwner;
                initiative.milestones = milestones.getOrDefault(id, List.of());
                initiatives.put(id, initiative);
            });
            return Optional.of(new Known<>(initiatives, new Freshness(false, readAt)));
        });
    }

    /** The workstreams as last read, each with its milestones, when plan-service was read completely at least once. */
    @Transactional
    public Optional<Known<Map<String, PlanFacts.Workstream>>> workstreams(Collection<String> ids) {
        return readAt(Upstream.PLAN).map(readAt -> {
            Map<String, List<PlanFacts.Reference>> milestones = milestonesOf("workstream", ids);
            Map<String, PlanFacts.Workstream> workstreams = new HashMap<>();
            ids.forEach(id -> {
                PlanFacts.Workstream workstream = new PlanFacts.Workstream();
                workstream.id = id;
                workstream.milestones = milestones.getOrDefault(id, List.of());
                workstreams.put(id, workstream);
            });
            return new Known<>(workstreams, new Freshness(false, readAt));
        });
    }

    /** When the service was last read completely; empty when it never was. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<OffsetDateTime> readAt(String service) {
        List<Object> found = entityManager.createNativeQuery("select read_at from known_source where service = :service")
                .setParameter("service", service).getResultList();
        return found.stream().findFirst().map(KnownFacts::instant);
    }

    /**
     * Replaces what is known of a kind within the scope read (every item of the kind when the scope is null) by the
     * facts read: in one statement, the facts of the scope no longer read are removed, the changed ones rewritten and
     * the same ones left alone.
     */
    private <T> void replace(String kind, List<T> facts, Function<T, String> idOf, Collection<String> scope) {
        Map<String, T> byId = new HashMap<>();
        facts.forEach(fact -> byId.put(idOf.apply(fact), fact));
        entityManager.createNativeQuery("""
                        with incoming as (select key as id, value as fact from jsonb_each(cast(:facts as jsonb))),
                             gone as (delete from known_fact known where known.kind = :kind
                                      and (cast(:complete as boolean) or known.id in
                                           (select jsonb_array_elements_text(cast(:scope as jsonb))))
                                      and not exists (select 1 from incoming where incoming.id = known.id))
                        insert into known_fact (kind, id, fact) select :kind, id, fact from incoming
                        on conflict (kind, id) do update set fact = excluded.fact
                        where known_fact.fact is distinct from excluded.fact""")
                .setParameter("facts", write(byId)).setParameter("kind", kind)
                .setParameter("complete", scope == null)
                .setParameter("scope", write(scope == null ? List.of() : scope)).executeUpdate();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(String service, OffsetDateTime readAt) {
        entityManager.createNativeQuery("""
                        insert into known_source (service, read_at) values (:service, :readAt)
                        on conflict (service) do update set read_at = greatest(known_source.read_at, excluded.read_at)""")
                .setParameter("service", service).setParameter("readAt", readAt).executeUpdate();
    }

    /** The facts of a kind with the given ids, or every one of the kind when ids is null. */
    @SuppressWarnings("unchecked")
    private <T> Map<String, T> facts(String kind, Collection<String> ids, Class<T> type) {
        Map<String, T> found = new LinkedHashMap<>();
        if (ids != null && ids.isEmpty()) {
            return found;
        }
        List<Object[]> rows = (ids == null
                ? entityManager.createNativeQuery("select id, cast(fact as text) from known_fact where kind = :kind order by id")
                : entityManager.createNativeQuery(
                        "select id, cast(fact as text) from known_fact where kind = :kind and id in (:ids)")
                        .setParameter("ids", ids))
                .setParameter("kind", kind).getResultList();
        for (Object[] row : rows) {
            try {
                found.put((String) row[0], json.readValue((String) row[1], type));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<PlanFacts.Reference>> milestonesOf(String parent, Collection<String> ids) {
        Map<String, List<PlanFacts.Reference>> of = new HashMap<>();
        if (ids.isEmpty()) {
            return of;
        }
        List<Object[]> rows = entityManager.createNativeQuery("select fact -> '" + parent + "' ->> 'id', id "
                        + "from known_fact where kind = 'Milestone' and fact -> '" + parent + "' ->> 'id' in (:ids) "
                        + "order by fact ->> 'baselineFinish', id")
                .setParameter("ids", ids).getResultList();
        for (Object[] row : rows) {
            PlanFacts.Reference milestone = new PlanFacts.Reference();
            milestone.id = (String) row[1];
            of.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add(milestone);
        }
        return of;
    }

    private static OffsetDateTime instant(Object value) {
        if (value instanceof OffsetDateTime offset) {
            return offset.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }
}
