package org.throughline.kpi.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.kpi.BusinessFunction;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.KpiRevision;
import org.throughline.kpi.Measurement;
import org.throughline.kpi.Person;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.Inputs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads KPIs and their measurements, live or as known at a past instant. KPIs read as of an instant carry it, and
 * their measurements and analytics answer for the same instant. Every method that serves a list of parents answers
 * with one query per list (per instant), never one per parent.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class KpiService {

    private static final Comparator<Kpi> BY_ID = Comparator.comparing(kpi -> kpi.id);

    @Inject
    EntityManager entityManager;

    @Inject
    KpiHistory history;

    public List<Kpi> kpis(BusinessFunction businessFunction, String accountableOwner, OffsetDateTime asOf)
            throws BadInputException {
        return kpis(businessFunction, accountableOwner, asOf, null, null);
    }

    /**
     * As {@link #kpis(BusinessFunction, String, OffsetDateTime)}, a page at a time when {@code first} is given: the
     * first KPIs by id after the one whose id is {@code after}, so that a question over the tenant reads a page of
     * KPIs (and their analytics) however many the tenant has.
     */
    public List<Kpi> kpis(BusinessFunction businessFunction, String accountableOwner, OffsetDateTime asOf,
                          Integer first, String after) throws BadInputException {
        String owner = accountableOwner == null ? null : Inputs.userId("accountableOwner", accountableOwner);
        Integer limit = Inputs.range("first", first, 1, 500);
        Long afterId = after == null ? null : Inputs.id("after", after);
        Instant at = instant(asOf);
        if (at == null) {
            List<String> conditions = new ArrayList<>();
            Map<String, Object> parameters = new HashMap<>();
            if (businessFunction != null) {
                conditions.add("businessFunction = :function");
                parameters.put("function", businessFunction);
            }
            if (owner != null) {
                conditions.add("accountableOwner = :owner");
                parameters.put("owner", owner);
            }
            if (afterId != null) {
                conditions.add("id > :after");
                parameters.put("after", afterId);
            }
            var query = Kpi.<Kpi>find((conditions.isEmpty() ? "" : String.join(" and ", conditions) + " ")
                    + "order by id", parameters);
            return limit == null ? query.list() : query.range(0, limit - 1).list();
        }
        return history.kpisAsOf(at, null).stream().sorted(BY_ID)
                .filter(kpi -> businessFunction == null || kpi.businessFunction == businessFunction)
                .filter(kpi -> owner == null || owner.equals(kpi.accountableOwner))
                .filter(kpi -> afterId == null || kpi.id > afterId)
                .limit(limit == null ? Long.MAX_VALUE : limit).toList();
    }

    public Optional<Kpi> kpi(String id, OffsetDateTime asOf) throws BadInputException {
        long key = Inputs.id("id", id);
        Instant at = instant(asOf);
        return at == null ? Kpi.findByIdOptional(key) : history.kpisAsOf(at, List.of(key)).stream().findFirst();
    }

    /** Every recording of each KPI, oldest business day first, corrections after what they correct. */
    public List<List<Measurement>> measurementsOf(List<Kpi> kpis) {
        return BatchedLoad.perInstant(kpis, kpi -> kpi.asOf, (asOf, group) -> BatchedLoad.childrenOf(ids(group),
                ids -> asOf == null
                        ? Measurement.list("kpiId in ?1 order by observedAt, recordedAt, id", ids)
                        : Measurement.list("kpiId in ?1 and recordedAt <= ?2 order by observedAt, recordedAt, id", ids,
                        asOf.atOffset(java.time.ZoneOffset.UTC)),
                measurement -> measurement.kpiId));
    }

    /** The KPI of each measurement, in the given order. */
    public List<Kpi> kpisOf(List<Measurement> measurements) {
        return BatchedLoad.oneEach(measurements.stream().map(measurement -> measurement.kpiId).toList(),
                ids -> Kpi.list("id in ?1", ids), kpi -> kpi.id);
    }

    /** The measurement each one corrects, in the given order; null for a first recording. */
    public List<Measurement> correctedBy(List<Measurement> measurements) {
        return BatchedLoad.oneEach(measurements.stream().map(measurement -> measurement.correctionOf).toList(),
                ids -> Measurement.list("id in ?1", ids), measurement -> measurement.id);
    }

    /** The KPIs that drive each KPI, by id. */
    public List<List<Kpi>> driversOf(List<Kpi> kpis) {
        return BatchedLoad.perInstant(kpis, kpi -> kpi.asOf, (asOf, group) -> related(group, asOf == null
                        ? driverIds(ids(group))
                        : group.stream().collect(Collectors.toMap(kpi -> kpi.id, kpi -> kpi.driverIds, (a, b) -> a)),
                ids -> asOf == null ? Kpi.list("id in ?1", ids) : history.kpisAsOf(asOf, ids)));
    }

    /** The KPIs each KPI drives, by id. */
    @SuppressWarnings("unchecked")
    public List<List<Kpi>> drivenBy(List<Kpi> kpis) {
        return BatchedLoad.perInstant(kpis, kpi -> kpi.asOf, (asOf, group) -> {
            if (asOf == null) {
                Map<Long, List<Long>> driven = BatchedLoad.links(entityManager.createNativeQuery(
                                "select driver_id, kpi_id from kpi_driver where driver_id in (:ids)")
                        .setParameter("ids", ids(group)).getResultList());
                return related(group, driven, ids -> Kpi.list("id in ?1", ids));
            }
            List<Kpi> all = history.kpisAsOf(asOf, null);
            Map<Long, List<Long>> driven = new HashMap<>();
            all.forEach(kpi -> kpi.driverIds.forEach(driver ->
                    driven.computeIfAbsent(driver, key -> new ArrayList<>()).add(kpi.id)));
            return related(group, driven, ids -> all);
        });
    }

    /** Every change to each KPI's definition, oldest first; up to the instant the KPI was read for. */
    public List<List<KpiRevision>> revisionsOf(List<Kpi> kpis) {
        return BatchedLoad.perInstant(kpis, kpi -> kpi.asOf, (asOf, group) -> BatchedLoad.childrenOf(ids(group),
                ids -> history.revisionsOf(ids, asOf), revision -> revision.kpiId));
    }

    /** The KPIs each person stewards, by id. */
    public List<List<Kpi>> kpisAccountableOf(List<Person> people) {
        return BatchedLoad.childrenOf(people.stream().map(person -> person.id).toList(),
                owners -> Kpi.list("accountableOwner in ?1 order by id", owners), kpi -> kpi.accountableOwner);
    }

    public List<Kpi> kpisInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> Kpi.<Kpi>list("id in ?1", found), kpi -> kpi.id);
    }

    public List<Measurement> measurementsInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> Measurement.<Measurement>list("id in ?1", found), m -> m.id);
    }

    /** The ids of the KPIs each KPI is driven by, sorted; KPIs without drivers are absent. */
    @SuppressWarnings("unchecked")
    Map<Long, List<Long>> driverIds(Collection<Long> kpiIds) {
        if (kpiIds.isEmpty()) {
            return Map.of();
        }
        return BatchedLoad.links(entityManager.createNativeQuery("select kpi_id, driver_id from kpi_driver"
                + " where kpi_id in (:ids) order by kpi_id, driver_id").setParameter("ids", kpiIds).getResultList());
    }

    static Instant instant(OffsetDateTime asOf) throws BadInputException {
        return asOf == null ? null : Inputs.asOf("asOf", asOf).toInstant();
    }

    /** For each KPI, the KPIs its links lead to, loaded at once (at least those), by id. */
    private static List<List<Kpi>> related(List<Kpi> group, Map<Long, List<Long>> links,
                                           Function<List<Long>, List<Kpi>> load) {
        List<Long> wanted = links.values().stream().flatMap(List::stream).distinct().toList();
        Map<Long, Kpi> byId = (wanted.isEmpty() ? List.<Kpi>of() : load.apply(wanted)).stream()
                .collect(Collectors.toMap(kpi -> kpi.id, Function.identity()));
        return group.stream().map(kpi -> links.getOrDefault(kpi.id, List.of()).stream().map(byId::get)
                .filter(Objects::nonNull).sorted(BY_ID).toList()).toList();
    }

    private static List<Long> ids(List<Kpi> kpis) {
        return kpis.stream().map(kpi -> kpi.id).toList();
    }
}
