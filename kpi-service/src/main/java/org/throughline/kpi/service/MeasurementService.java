package org.throughline.kpi.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.Measurement;
import org.throughline.kpi.MeasurementSource;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.events.Outbox;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records KPI values. Nothing is ever changed or removed: a correction is a new recording for the same business day
 * that names what it corrects and why. An idempotency key makes a retried call return what the first one recorded,
 * also when the retries race: the database decides which insert wins, and the others read the winner. Each recording
 * is an event in the outbox, written in the same transaction (a retry that finds the first's recording writes none).
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class MeasurementService {

    @Inject
    EntityManager entityManager;

    @Inject
    CurrentUser user;

    @Inject
    Outbox outbox;

    public Measurement record(NewMeasurement input) throws RejectedInputException {
        Kpi kpi = Kpi.<Kpi>findByIdOptional(Inputs.id("kpiId", input.kpiId))
                .orElseThrow(() -> new KpiNotFoundException("kpiId", input.kpiId));
        if (input.source == MeasurementSource.CONNECTOR) {
            // A connector's values come from its runs, which say which connector and window; a call cannot claim one.
            throw new BadInputException("source", "CONNECTOR is set by connector runs only");
        }
        BigDecimal value = KpiRules.decimal("value", input.value);
        KpiRules.checkMeasurement(kpi, "value", value, "observedAt", input.observedAt);
        return insert(kpi.id, value, input.observedAt, Objects.requireNonNullElse(input.source, MeasurementSource.MANUAL),
                key(input.idempotencyKey), null, null);
    }

    /** Records a corrected value for the same KPI and business day as the measurement named; both stay. */
    public Measurement correct(String measurementId, Double newValue, String reason, String idempotencyKey)
            throws RejectedInputException {
        Measurement corrected = Measurement.<Measurement>findByIdOptional(Inputs.id("measurementId", measurementId))
                .orElseThrow(() -> new MeasurementNotFoundException("measurementId", measurementId));
        String why = Inputs.optionalText("reason", reason, KpiRules.REASON_LENGTH)
                .orElseThrow(() -> new ReasonRequiredException("Correcting a measurement"));
        Kpi kpi = Kpi.findById(corrected.kpiId);
        BigDecimal value = KpiRules.decimal("value", newValue);
        KpiRules.checkMeasurement(kpi, "value", value, "observedAt", corrected.observedAt);
        return insert(kpi.id, value, corrected.observedAt, MeasurementSource.MANUAL, key(idempotencyKey),
                corrected.id, why);
    }

    @SuppressWarnings("unchecked")
    private Measurement insert(Long kpiId, BigDecimal value, LocalDate observedAt, MeasurementSource source, String key,
                               Long correctionOf, String reason) throws RejectedInputException {
        // clock_timestamp(): a recording made later in a transaction is later, which decides the value of a day.
        List<Number> inserted = entityManager.createNativeQuery("""
                        insert into measurement (kpi_id, value, observed_at, recorded_at, source, recorded_by,
                                                 idempotency_key, correction_of, reason)
                        values (:kpi, :value, :observedAt, clock_timestamp(), :source, :by, cast(:key as text),
                                cast(:correctionOf as bigint), cast(:reason as text))
                        on conflict (idempotency_key) where idempotency_key is not null do nothing
                        returning id""")
                .setParameter("kpi", kpiId).setParameter("value", value).setParameter("observedAt", observedAt)
                .setParameter("source", source.name()).setParameter("by", user.id()).setParameter("key", key)
                .setParameter("correctionOf", correctionOf).setParameter("reason", reason)
                .getResultList();
        if (!inserted.isEmpty()) {
            Measurement measurement = Measurement.findById(inserted.get(0).longValue());
            outbox.append("Kpi", kpiId.toString(), correctionOf == null ? "MeasurementRecorded" : "MeasurementCorrected",
                    outbox.object().put("kpiId", kpiId.toString()).put("measurementId", measurement.id.toString())
                            .put("value", measurement.value).put("observedAt", measurement.observedAt.toString())
                            .put("recordedAt", measurement.recordedAt.toString())
                            .put("source", measurement.source.name()).put("recordedBy", measurement.recordedBy)
                            .put("correctionOf", correctionOf == null ? null : correctionOf.toString())
                            .put("reason", reason));
            return measurement;
        }
        // Another call with this key won: after waiting for it, the insert found its row, which is visible now.
        Measurement earlier = Measurement.<Measurement>find("idempotencyKey", key).firstResult();
        if (earlier.records(kpiId, value, observedAt) && Objects.equals(earlier.correctionOf, correctionOf)) {
            return earlier;
        }
        throw new IdempotencyKeyReusedException("idempotencyKey", key);
    }

    private static String key(String key) throws BadInputException {
        if (key != null && key.isBlank()) {
            // A client sending "" for "no key" would otherwise see all its measurements collapse into the first one.
            throw new BadInputException("idempotencyKey", "may not be blank; leave it out for no key");
        }
        Optional<String> given = Inputs.optionalText("idempotencyKey", key, KpiRules.KEY_LENGTH);
        return given.orElse(null);
    }
}
