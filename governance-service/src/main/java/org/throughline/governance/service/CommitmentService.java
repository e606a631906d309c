package org.throughline.governance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.throughline.governance.CommitmentRevision;
import org.throughline.governance.CommitmentStatus;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.KpiFacts;
import org.throughline.governance.client.Upstream;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;
import org.throughline.governance.reference.Person;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.EntityIds;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.VersionConflictException;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and changes outcome commitments, the tethers between milestones and KPIs. A tether is made only to a milestone
 * and a KPI that their services confirm exist, with ids in one canonical form; it is amended or withdrawn with a
 * reason, never deleted, and every change is a revision.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class CommitmentService {

    /** The partial unique index on active (milestone_id, kpi_id) in V2__trustworthy_tethers.sql. */
    private static final String TETHER_CONSTRAINT = "outcome_commitment_tether";
    private static final int RATIONALE_LENGTH = 2000;

    @Inject
    Upstream upstream;

    @Inject
    CommitmentHistory history;

    // ----- reads -----

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutcomeCommitment> commitments(boolean withdrawnToo) {
        return withdrawnToo ? OutcomeCommitment.list("order by dueDate, id")
                : OutcomeCommitment.list("status = ?1 order by dueDate, id", CommitmentStatus.ACTIVE);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<OutcomeCommitment> commitment(String id) throws BadInputException {
        return OutcomeCommitment.findByIdOptional(Inputs.id("id", id));
    }

    /** The commitments for the given ids, in the same order; null where an id names none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutcomeCommitment> commitmentsInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> OutcomeCommitment.<OutcomeCommitment>list("id in ?1", found),
                commitment -> commitment.id);
    }

    /** The commitments for the given keys, in the same order; null where a key names none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutcomeCommitment> commitmentsByKeys(List<Long> keys) {
        return BatchedLoad.oneEach(keys, found -> OutcomeCommitment.<OutcomeCommitment>list("id in ?1", found),
                commitment -> commitment.id);
    }

    /** The active commitments of each milestone, in the given order, soonest due first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<OutcomeCommitment>> commitmentsOfMilestones(List<Milestone> milestones) {
        return activeBy("milestoneId", milestones.stream().map(milestone -> EntityIds.canonical(milestone.id)).toList(),
                commitment -> commitment.milestoneId);
    }

    /** The active commitments on each KPI, in the given order, soonest due first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<OutcomeCommitment>> commitmentsOfKpis(List<Kpi> kpis) {
        return activeBy("kpiId", kpis.stream().map(kpi -> EntityIds.canonical(kpi.id)).toList(), commitment -> commitment.kpiId);
    }

    /** The active commitments each person is accountable for, soonest due first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<OutcomeCommitment>> commitmentsAccountableOf(List<Person> people) {
        return activeBy("accountableOwner", people.stream().map(person -> person.id).toList(),
                commitment -> commitment.accountableOwner);
    }

    /** The active commitments of the given milestones, all at once, in the order they were made. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutcomeCommitment> activeOfMilestones(List<String> milestoneIds) {
        return milestoneIds.isEmpty() ? List.of() : OutcomeCommitment.list(
                "status = ?1 and milestoneId in ?2 order by id", CommitmentStatus.ACTIVE, milestoneIds);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<CommitmentRevision>> revisionsOf(List<OutcomeCommitment> commitments) {
        return BatchedLoad.childrenOf(commitments.stream().map(commitment -> commitment.id).toList(),
                history::revisionsOf, revision -> revision.commitmentId);
    }

    // ----- changes -----

    public OutcomeCommitment commitOutcome(NewCommitment input) throws RejectedInputException {
        String milestoneId = Inputs.canonicalId("milestoneId", input.milestoneId);
        String kpiId = Inputs.canonicalId("kpiId", input.kpiId);
        OutcomeCommitment commitment = new OutcomeCommitment();
        commitment.milestoneId = milestoneId;
        commitment.kpiId = kpiId;
        commitment.expectedValue = finite("expectedValue", input.expectedValue);
        commitment.agreedOn = agreedOn(input.agreedOn);
        commitment.dueDate = notBefore("dueDate", input.dueDate, commitment.agreedOn);
        commitment.rationale = Inputs.requiredText("rationale", input.rationale, RATIONALE_LENGTH);
        commitment.accountableOwner = Inputs.userId("accountableOwner", input.accountableOwner);
        if (OutcomeCommitment.count("status = ?1 and milestoneId = ?2 and kpiId = ?3", CommitmentStatus.ACTIVE,
                milestoneId, kpiId) > 0) {
            throw new CommitmentExistsException(milestoneId, kpiId);
        }
        if (!upstream.milestones(List.of(milestoneId)).containsKey(milestoneId)) {
            throw new MilestoneNotFoundException("milestoneId", milestoneId);
        }
        KpiFacts.Kpi kpi = upstream.kpis(List.of(kpiId)).get(kpiId);
        if (kpi == null) {
            throw new KpiNotFoundException("kpiId", kpiId);
        }
        requireAfterBaseline(commitment.dueDate, kpi);
        try {
            // Flush here, so that a concurrent commitment of the same tether fails where it can be named.
            commitment.persistAndFlush();
        } catch (PersistenceException e) {
            if (violatesTether(e)) {
                throw new CommitmentExistsException(milestoneId, kpiId);
            }
            throw e;
        }
        history.record(commitment, null, -1, null);
        return commitment;
    }

    public OutcomeCommitment amend(String id, int version, CommitmentChanges changes, String reason)
            throws RejectedInputException {
        String why = Inputs.optionalText("reason", reason, RATIONALE_LENGTH)
                .orElseThrow(() -> new ReasonRequiredException("Amending a commitment"));
        OutcomeCommitment commitment = active(id, version, "Amending");
        OutcomeCommitment.State before = commitment.state();
        if (changes.expectedValue != null) {
            commitment.expectedValue = finite("expectedValue", changes.expectedValue);
        }
        if (changes.dueDate != null && !changes.dueDate.equals(commitment.dueDate)) {
            commitment.dueDate = notBefore("dueDate", changes.dueDate, today());
            KpiFacts.Kpi kpi = upstream.kpis(List.of(commitment.kpiId)).get(commitment.kpiId);
            if (kpi != null) {
                requireAfterBaseline(commitment.dueDate, kpi);
            }
        }
        if (changes.rationale != null) {
            commitment.rationale = Inputs.requiredText("rationale", changes.rationale, RATIONALE_LENGTH);
        }
        if (changes.accountableOwner != null) {
            commitment.accountableOwner = Inputs.userId("accountableOwner", changes.accountableOwner);
        }
        return recorded(commitment, before, version, why);
    }

    public OutcomeCommitment withdraw(String id, int version, String reason) throws RejectedInputException {
        String why = Inputs.optionalText("reason", reason, RATIONALE_LENGTH)
                .orElseThrow(() -> new ReasonRequiredException("Withdrawing a commitment"));
        OutcomeCommitment commitment = active(id, version, "Withdrawing");
        OutcomeCommitment.State before = commitment.state();
        commitment.status = CommitmentStatus.WITHDRAWN;
        commitment.withdrawnAt = OffsetDateTime.now(ZoneOffset.UTC);
        return recorded(commitment, before, version, why);
    }

    private OutcomeCommitment active(String id, int version, String what) throws RejectedInputException {
        OutcomeCommitment commitment = OutcomeCommitment.<OutcomeCommitment>findByIdOptional(Inputs.id("id", id))
                .orElseThrow(() -> new CommitmentNotFoundException("id", id));
        if (commitment.version != version) {
            throw new VersionConflictException("Commitment", commitment.id, version, (long) commitment.version);
        }
        if (commitment.status != CommitmentStatus.ACTIVE) {
            throw new InvalidCommitmentException("id", what + " a withdrawn commitment is not possible; it stays in "
                    + "the record as it was withdrawn.");
        }
        return commitment;
    }

    private OutcomeCommitment recorded(OutcomeCommitment commitment, OutcomeCommitment.State before, int version,
                                       String reason) throws VersionConflictException {
        try {
            history.record(commitment, before, version, reason);
            return commitment;
        } catch (OptimisticLockException | StaleStateException e) {
            throw new VersionConflictException("Commitment", commitment.id, version, null);
        }
    }

    // ----- helpers -----

    private static double finite(String field, Double value) throws BadInputException {
        if (value == null || value.isNaN() || value.isInfinite() || Math.abs(value) >= 1e15) {
            throw new BadInputException(field, "must be a finite number smaller than 10^15 in magnitude");
        }
        return value;
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** The day a commitment was agreed: today unless given, never in the future. */
    private static LocalDate agreedOn(LocalDate given) throws RejectedInputException {
        if (given == null) {
            return today();
        }
        Inputs.date("agreedOn", given);
        if (given.isAfter(today())) {
            throw new InvalidCommitmentException("agreedOn", "The day " + given + " lies in the future; a commitment "
                    + "is recorded once it has been agreed.");
        }
        return given;
    }

    /**
     * A due date on or after the day the promise is made: the day agreed for a new commitment, today for an
     * amendment, which is a new promise about the outcome.
     */
    private static LocalDate notBefore(String field, LocalDate date, LocalDate promisedOn) throws RejectedInputException {
        Inputs.requiredDate(field, date);
        if (date.isBefore(promisedOn)) {
            throw new InvalidCommitmentException(field, "The due date " + date + " lies before " + promisedOn
                    + ", the day it is promised on; a commitment promises an outcome to come.");
        }
        return date;
    }

    private static void requireAfterBaseline(LocalDate dueDate, KpiFacts.Kpi kpi) throws InvalidCommitmentException {
        if (kpi.baselineDate != null && !dueDate.isAfter(kpi.baselineDate)) {
            throw new InvalidCommitmentException("dueDate", "The due date " + dueDate + " must come after the KPI's "
                    + "baseline date " + kpi.baselineDate + ", where the committed trajectory starts.");
        }
    }

    private static List<List<OutcomeCommitment>> activeBy(String keyField, List<String> keys,
                                                          Function<OutcomeCommitment, String> keyOf) {
        return BatchedLoad.childrenOf(keys, found -> OutcomeCommitment.list(
                "status = ?1 and " + keyField + " in ?2 order by dueDate, id", CommitmentStatus.ACTIVE, found), keyOf);
    }

    private static boolean violatesTether(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && TETHER_CONSTRAINT.equalsIgnoreCase(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }
}
