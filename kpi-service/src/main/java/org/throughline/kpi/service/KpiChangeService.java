package org.throughline.kpi.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import org.hibernate.StaleStateException;
import org.throughline.kpi.Kpi;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.DependencyGraph;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.VersionConflictException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Defines and changes KPIs. A change names the version it was based on and is refused whole when that version is
 * stale; every change is recorded in the KPI's history. A refused change writes nothing.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class KpiChangeService {

    /** One lock for the whole driver graph: drivers cross business functions, so any change may close a cycle. */
    private static final long DRIVER_GRAPH_LOCK = 0x6b70692d64726976L;

    @Inject
    EntityManager entityManager;

    @Inject
    KpiHistory history;

    @Inject
    BusinessDaysConfig businessDays;

    @Inject
    KpiService kpis;

    public Kpi createKpi(NewKpi input) throws RejectedInputException {
        Kpi kpi = KpiRules.newKpi(input, businessDays.zone());
        List<Long> drivers = input.drivers == null ? List.of() : driverIds(kpi, input.drivers);
        kpi.driverIds = List.of();
        kpi.persist();
        entityManager.flush();
        replaceDrivers(kpi, drivers);
        history.record(kpi, null, -1, null);
        return kpi;
    }

    public Kpi updateKpi(String id, int version, KpiChanges changes, String reason) throws RejectedInputException {
        String why = KpiRules.reason(reason);
        Kpi kpi = Kpi.<Kpi>findByIdOptional(Inputs.id("id", id)).orElseThrow(() -> new KpiNotFoundException("id", id));
        if (kpi.version != version) {
            throw new VersionConflictException("KPI", kpi.id, version, (long) kpi.version);
        }
        try {
            kpi.driverIds = kpis.driverIds(List.of(kpi.id)).getOrDefault(kpi.id, List.of());
            Kpi.State before = kpi.state();
            KpiRules.apply(kpi, changes, why);
            if (changes.drivers != null) {
                replaceDrivers(kpi, driverIds(kpi, changes.drivers));
            }
            history.record(kpi, before, version, why);
            return kpi;
        } catch (OptimisticLockException | StaleStateException e) {
            throw new VersionConflictException("KPI", kpi.id, version, null);
        }
    }

    /** The drivers named, checked: ids of other, existing KPIs that do not close a cycle. Takes the graph's lock. */
    @SuppressWarnings("unchecked")
    private List<Long> driverIds(Kpi kpi, List<String> given) throws RejectedInputException {
        Set<Long> ids = new LinkedHashSet<>();
        for (String id : given) {
            ids.add(Inputs.id("drivers", id));
        }
        if (kpi.id != null && ids.contains(kpi.id)) {
            throw new BadInputException("drivers", "a KPI cannot drive itself");
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<Long> existing = Kpi.<Kpi>list("id in ?1", ids).stream().map(driver -> driver.id)
                .collect(Collectors.toSet());
        for (Long id : ids) {
            if (!existing.contains(id)) {
                throw new KpiNotFoundException("drivers", id);
            }
        }
        // Dropping drivers cannot close a cycle; adding them is checked against the whole graph, under its lock.
        if (kpi.id != null) {
            entityManager.createNativeQuery("select pg_advisory_xact_lock(:key)").setParameter("key", DRIVER_GRAPH_LOCK)
                    .getResultList();
            DependencyGraph<Long> graph = new DependencyGraph<>();
            BatchedLoad.links((List<Object[]>) entityManager.createNativeQuery("select kpi_id, driver_id from kpi_driver")
                    .getResultList()).forEach(graph::replace);
            graph.replace(kpi.id, ids);
            var cycle = graph.findCycle();
            if (cycle.isPresent()) {
                Map<Long, String> all = Kpi.<Kpi>list("id in ?1", Set.copyOf(cycle.get())).stream()
                        .collect(Collectors.toMap(found -> found.id, found -> found.name));
                throw new DriverCycleException(cycle.get().stream().map(id -> "'" + all.get(id) + "' (" + id + ")")
                        .toList());
            }
        }
        return ids.stream().sorted().toList();
    }

    private void replaceDrivers(Kpi kpi, List<Long> drivers) {
        List<Long> had = kpi.driverIds == null ? List.of() : kpi.driverIds;
        List<Long> removed = had.stream().filter(id -> !drivers.contains(id)).toList();
        List<Long> added = new ArrayList<>(drivers.stream().filter(id -> !had.contains(id)).toList());
        if (!removed.isEmpty()) {
            entityManager.createNativeQuery("delete from kpi_driver where kpi_id = :kpi and driver_id in (:removed)")
                    .setParameter("kpi", kpi.id).setParameter("removed", removed).executeUpdate();
        }
        if (!added.isEmpty()) {
            entityManager.createNativeQuery("insert into kpi_driver (kpi_id, driver_id)"
                            + " select :kpi, unnest(cast(:added as bigint[]))")
                    .setParameter("kpi", kpi.id).setParameter("added", added.toArray(Long[]::new)).executeUpdate();
        }
        kpi.driverIds = drivers;
    }
}
