package org.throughline.kpi.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.KpiRevision;
import org.throughline.subgraph.ChangeRecorder;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.RevisionRecord;
import org.throughline.subgraph.StoredJson;
import org.throughline.subgraph.events.Outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The history of KPI definitions. Every change, a handover of stewardship included, is an immutable revision with the
 * whole definition afterwards; the definition as it stood at an instant is the latest recorded up to then. Each
 * revision is also an event in the outbox, written in the same transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class KpiHistory {

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    CurrentUser user;

    @Inject
    Outbox outbox;

    /**
     * Writes the KPI and, if its definition changed, a revision stamped with the database clock read after the write.
     * A stale KPI fails here with Hibernate's optimistic lock exception. {@code before} is null for a new KPI.
     */
    public KpiRevision record(Kpi kpi, Kpi.State before, int versionBefore, String reason) {
        return ChangeRecorder.record(entityManager, json, user.id(), kpi, before, kpi.state(), versionBefore,
                () -> kpi.version).map(recorded -> {
                    KpiRevision revision = new KpiRevision();
                    revision.kpiId = kpi.id;
                    revision.take(recorded, reason);
                    revision.persist();
                    outbox.appendAll(List.of(outbox.revised("Kpi", kpi.id.toString(), revision, null)));
                    return revision;
                }).orElse(null);
    }

    /** The revisions of the KPIs, oldest first; up to {@code asOf} if given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<KpiRevision> revisionsOf(Collection<Long> kpiIds, Instant asOf) {
        return RevisionRecord.decoded(json, asOf == null
                ? KpiRevision.list("kpiId in ?1 order by kpiId, version", kpiIds)
                : KpiRevision.list("kpiId in ?1 and changedAt <= ?2 order by kpiId, version", kpiIds, asOf));
    }

    /** The KPIs as they were defined at the instant: all of them, or those with the given ids. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<Kpi> kpisAsOf(Instant asOf, Collection<Long> ids) {
        Objects.requireNonNull(asOf);
        if (ids != null && ids.isEmpty()) {
            return List.of();
        }
        var query = entityManager.createNativeQuery("select distinct on (kpi_id) version, state::text"
                        + " from kpi_revision where changed_at <= :asOf"
                        + (ids == null ? "" : " and kpi_id in (:ids)") + " order by kpi_id, version desc")
                .setParameter("asOf", asOf);
        if (ids != null) {
            query.setParameter("ids", ids);
        }
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> Kpi.rebuilt(StoredJson.read(json, (String) row[1], Kpi.State.class), ((Number) row[0]).intValue(), asOf))
                .toList();
    }
}
