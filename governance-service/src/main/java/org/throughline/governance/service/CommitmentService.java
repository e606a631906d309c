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
import org.throughline.governance.client.PlanFacts;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

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
    /** The most commitments made in one request. */
    private static final int BATCH = 100;

    @Inject
    Upstream upstream;

    @Inject
    CommitmentHistory history;

    // ----- reads -----

    /**
     * The commitments, soonest due first: every one, or a page at a time when {@code first} is given (1 to 500), the
     * first after the commitment whose id is {@code after}, so that a question over a large tenant reads a page
     * however many commitments it holds (one statement, two with {@code after}).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutcomeCommitment> commitments(boolean withdrawnToo, Integer first, String after)
            throws BadInputException {
        Integer limit = Inputs.range("first", first, 1, 500);
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (!withdrawnToo) {
            conditions.add("status = :active");
            parameters.put("active", CommitmentStatus.ACTIVE);
        }
        if (after != null) {
            OutcomeCommitment last = OutcomeCommitment.<OutcomeCommitment>findByIdOptional(Inputs.id("after", after))
                    .orElseThrow(() -> new BadInputException("after",
                            "names no commitment: give the id of the last commitment of a page"));
            conditions.add("(dueDate > :afterDue or (dueDate = :afterDue and id > :afterId))");
            parameters.put("afterDue", last.dueDate);
            parameters.put("afterId", last.id);
        }
        var query = OutcomeCommitment.<OutcomeCommitment>find((conditions.isEmpty() ? ""
                : String.join(" and ", conditions) + " ") + "order by dueDate, id", parameters);
        return limit == null ? query.list() : query.range(0, limit - 1).list();
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
        return commit(List.of(input), index -> "").get(0);
    }

    /**
     * Tethers many milestones to KPIs at once, in one transaction: every commitment is made, or none (the first one
     * refused is named by its place in the list). One read of plan-service and one of kpi-service confirm them all, so
     * a tenant's tethers are made in one request of bounded cost, rather than one mutation each in a document, every
     * one of them its own transaction and upstream reads (issue 33).
     */
    public List<OutcomeCommitment> commitOutcomes(List<NewCommitment> inputs) throws RejectedInputException {
        if (inputs == null || inputs.isEmpty() || inputs.size() > BATCH) {
            throw new BadInputException("commitments", "must hold 1 to " + BATCH + " commitments, it holds "
                    + (inputs == null ? 0 : inputs.size()));
        }
        return commit(inputs, index -> "commitments[" + index + "].");
    }

    /** Checks, then makes, the commitments; {@code fieldOf} names each one's place in the input for the errors. */
    private List<OutcomeCommitment> commit(List<NewCommitment> inputs, IntFunction<String> fieldOf)
            throws RejectedInputException {
        List<OutcomeCommitment> made = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            made.add(made(inputs.get(i), fieldOf.apply(i)));
        }
        Set<String> tethered = new HashSet<>();
        OutcomeCommitment.<OutcomeCommitment>list("status = ?1 and milestoneId in ?2", CommitmentStatus.ACTIVE,
                made.stream().map(commitment -> commitment.milestoneId).distinct().toList())
                .forEach(existing -> tethered.add(existing.milestoneId + " " + existing.kpiId));
        for (int i = 0; i < made.size(); i++) {
            OutcomeCommitment commitment = made.get(i);
            if (!tethered.add(commitment.milestoneId + " " + commitment.kpiId)) {
                throw new CommitmentExistsException(fieldOf.apply(i) + "kpiId", commitment.milestoneId,
                        commitment.kpiId);
            }
        }
        Map<String, PlanFacts.Milestone> milestones = upstream.milestones(made.stream()
                .map(commitment -> commitment.milestoneId).distinct().toList());
        for (int i = 0; i < made.size(); i++) {
            if (!milestones.containsKey(made.get(i).milestoneId)) {
                throw new MilestoneNotFoundException(fieldOf.apply(i) + "milestoneId", made.get(i).milestoneId);
            }
        }
        Map<String, KpiFacts.Definition> kpis = upstream.kpiDefinitions(made.stream()
                .map(commitment -> commitment.kpiId).distinct().toList());
        for (int i = 0; i < made.size(); i++) {
            KpiFacts.Definition kpi = kpis.get(made.get(i).kpiId);
            if (kpi == null) {
                throw new KpiNotFoundException(fieldOf.apply(i) + "kpiId", made.get(i).kpiId);
            }
            requireAfterBaseline(fieldOf.apply(i) + "dueDate", made.get(i).dueDate, kpi.baselineDate);
        }
        for (int i = 0; i < made.size(); i++) {
            OutcomeCommitment commitment = made.get(i);
            try {
                // Flush here, so that a concurrent commitment of the same tether fails where it can be named.
                commitment.persistAndFlush();
            } catch (PersistenceException e) {
                if (violatesTether(e)) {
                    throw new CommitmentExistsException(fieldOf.apply(i) + "kpiId", commitment.milestoneId,
                            commitment.kpiId);
                }
                throw e;
            }
            history.record(commitment, null, -1, null);
        }
        return made;
    }

    /** A new commitment from the input, its fields checked (named after {@code field}); not stored. */
    private static OutcomeCommitment made(NewCommitment input, String field) throws RejectedInputException {
        if (input == null) {
            throw new BadInputException(field.isEmpty() ? "commitment" : field.substring(0, field.length() - 1),
                    "is missing");
        }
        OutcomeCommitment commitment = new OutcomeCommitment();
        commitment.milestoneId = Inputs.canonicalId(field + "milestoneId", input.milestoneId);
        commitment.kpiId = Inputs.canonicalId(field + "kpiId", input.kpiId);
        commitment.expectedValue = finite(field + "expectedValue", input.expectedValue);
        commitment.agreedOn = agreedOn(field + "agreedOn", input.agreedOn);
        commitment.dueDate = notBefore(field + "dueDate", input.dueDate, commitment.agreedOn);
        commitment.rationale = Inputs.requiredText(field + "rationale", input.rationale, RATIONALE_LENGTH);
        commitment.accountableOwner = Inputs.userId(field + "accountableOwner", input.accountableOwner);
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
            KpiFacts.Definition kpi = upstream.kpiDefinitions(List.of(commitment.kpiId)).get(commitment.kpiId);
            if (kpi != null) {
                requireAfterBaseline("dueDate", commitment.dueDate, kpi.baselineDate);
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
    private static LocalDate agreedOn(String field, LocalDate given) throws RejectedInputException {
        if (given == null) {
            return today();
        }
        Inputs.date(field, given);
        if (given.isAfter(today())) {
            throw new InvalidCommitmentException(field, "The day " + given + " lies in the future; a commitment "
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

    private static void requireAfterBaseline(String field, LocalDate dueDate, LocalDate baselineDate)
            throws InvalidCommitmentException {
        if (baselineDate != null && !dueDate.isAfter(baselineDate)) {
            throw new InvalidCommitmentException(field, "The due date " + dueDate + " must come after the KPI's "
                    + "baseline date " + baselineDate + ", where the committed trajectory starts.");
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
