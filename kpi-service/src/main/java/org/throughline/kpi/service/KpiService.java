package org.throughline.kpi.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.throughline.kpi.BusinessFunction;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.Measurement;
import org.throughline.kpi.MeasurementSource;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.EntityIds;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads and records KPIs and their measurements. Measurements are only ever added. */
@ApplicationScoped
@Transactional
public class KpiService {

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Kpi> kpis(BusinessFunction businessFunction) {
        return businessFunction == null ? Kpi.list("order by id")
                : Kpi.list("businessFunction = ?1 order by id", businessFunction);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Kpi> kpi(String id) {
        return EntityIds.parse(id).flatMap(key -> Kpi.<Kpi>findByIdOptional(key));
    }

    /** The KPIs for the given ids, in the same order; null where an id names none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Kpi> kpisInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> Kpi.<Kpi>list("id in ?1", found), kpi -> kpi.id);
    }

    /** The measurements for the given ids, in the same order; null where an id names none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Measurement> measurementsInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> Measurement.<Measurement>list("id in ?1", found), measurement -> measurement.id);
    }

    /** The measurements of each KPI, one list per KPI in the given order, oldest business day first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<Measurement>> measurementsOf(List<Kpi> kpis) {
        return BatchedLoad.childrenOf(kpis.stream().map(kpi -> kpi.id).toList(),
                ids -> Measurement.list("kpiId in ?1 order by observedAt, recordedAt, id", ids),
                measurement -> measurement.kpiId);
    }

    /** The latest measurement of each KPI, in the given order; null for a KPI not measured yet. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<Measurement> latestMeasurementsOf(List<Kpi> kpis) {
        // PostgreSQL's distinct on reads one row per KPI instead of loading every measurement. A later business day
        // wins; for the same day the later recording is the correction.
        return BatchedLoad.oneEach(kpis.stream().map(kpi -> kpi.id).toList(),
                ids -> Measurement.getEntityManager().createNativeQuery("""
                                select distinct on (kpi_id) * from measurement where kpi_id in (:ids)
                                order by kpi_id, observed_at desc, recorded_at desc, id desc""", Measurement.class)
                        .setParameter("ids", ids)
                        .getResultList(),
                measurement -> measurement.kpiId);
    }

    /** The KPI of each measurement, in the given order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Kpi> kpisOf(List<Measurement> measurements) {
        return BatchedLoad.oneEach(measurements.stream().map(measurement -> measurement.kpiId).toList(),
                ids -> Kpi.list("id in ?1", ids), kpi -> kpi.id);
    }

    public Kpi createKpi(NewKpi input) throws InvalidKpiException {
        if (!input.targetDate.isAfter(input.baselineDate)) {
            throw new InvalidKpiException("The target date " + input.targetDate
                    + " must come after the baseline date " + input.baselineDate + ".");
        }
        Kpi kpi = new Kpi();
        kpi.name = input.name.trim();
        kpi.description = input.description;
        kpi.unit = input.unit;
        kpi.direction = input.direction;
        kpi.kind = input.kind;
        kpi.businessFunction = input.businessFunction;
        kpi.baselineValue = BigDecimal.valueOf(input.baselineValue);
        kpi.baselineDate = input.baselineDate;
        kpi.targetValue = BigDecimal.valueOf(input.targetValue);
        kpi.targetDate = input.targetDate;
        kpi.measurementCadenceDays = input.measurementCadenceDays;
        kpi.persist();
        return kpi;
    }

    /**
     * Records a value, or returns the measurement an earlier call with the same idempotency key recorded, so that a
     * retried call is not counted twice.
     */
    public Measurement recordMeasurement(NewMeasurement input)
            throws KpiNotFoundException, IdempotencyKeyReusedException {
        Kpi kpi = kpi(input.kpiId).orElseThrow(() -> new KpiNotFoundException(input.kpiId));
        BigDecimal value = BigDecimal.valueOf(input.value);
        if (input.idempotencyKey != null) {
            Optional<Measurement> earlier = Measurement.find("idempotencyKey", input.idempotencyKey).firstResultOptional();
            if (earlier.isPresent()) {
                if (earlier.get().records(kpi.id, value, input.observedAt)) {
                    return earlier.get();
                }
                throw new IdempotencyKeyReusedException(input.idempotencyKey);
            }
        }
        Measurement measurement = new Measurement();
        measurement.kpiId = kpi.id;
        measurement.value = value;
        measurement.observedAt = input.observedAt;
        measurement.source = Objects.requireNonNullElse(input.source, MeasurementSource.MANUAL);
        measurement.recordedBy = input.recordedBy;
        measurement.idempotencyKey = input.idempotencyKey;
        measurement.persist();
        return measurement;
    }
}
