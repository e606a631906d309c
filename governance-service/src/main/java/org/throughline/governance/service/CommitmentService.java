package org.throughline.governance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.EntityIds;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and records outcome commitments, the tethers between milestones and KPIs.
 * Milestone and KPI ids are taken as given; checking them against plan-service and kpi-service comes later.
 */
@ApplicationScoped
@Transactional
public class CommitmentService {

    /** The unique constraint on (milestone_id, kpi_id) in V1__outcome_commitments.sql. */
    private static final String TETHER_CONSTRAINT = "outcome_commitment_tether";

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutcomeCommitment> commitments() {
        return OutcomeCommitment.list("order by dueDate, id");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<OutcomeCommitment> commitment(String id) {
        return EntityIds.parse(id).flatMap(key -> OutcomeCommitment.<OutcomeCommitment>findByIdOptional(key));
    }

    /** The commitments for the given ids, in the same order; null where an id names none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutcomeCommitment> commitmentsInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> OutcomeCommitment.<OutcomeCommitment>list("id in ?1", found),
                commitment -> commitment.id);
    }

    /** The commitments of each milestone, one list per milestone in the given order, by due date. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<OutcomeCommitment>> commitmentsOfMilestones(List<Milestone> milestones) {
        return groupedInOrder("milestoneId", milestones.stream().map(milestone -> milestone.id).toList(),
                commitment -> commitment.milestoneId);
    }

    /** The commitments on each KPI, one list per KPI in the given order, by due date. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<OutcomeCommitment>> commitmentsOfKpis(List<Kpi> kpis) {
        return groupedInOrder("kpiId", kpis.stream().map(kpi -> kpi.id).toList(), commitment -> commitment.kpiId);
    }

    public OutcomeCommitment commitOutcome(NewCommitment input) throws CommitmentExistsException {
        String milestoneId = input.milestoneId.trim();
        String kpiId = input.kpiId.trim();
        if (OutcomeCommitment.count("milestoneId = ?1 and kpiId = ?2", milestoneId, kpiId) > 0) {
            throw new CommitmentExistsException(milestoneId, kpiId);
        }
        OutcomeCommitment commitment = new OutcomeCommitment();
        commitment.milestoneId = milestoneId;
        commitment.kpiId = kpiId;
        commitment.expectedValue = input.expectedValue;
        commitment.dueDate = input.dueDate;
        commitment.rationale = input.rationale.trim();
        commitment.accountableOwner = input.accountableOwner.trim();
        try {
            // Flush here, inside the method, so that a concurrent commit of the same tether fails where we can name it.
            commitment.persistAndFlush();
        } catch (PersistenceException e) {
            if (violatesTether(e)) {
                throw new CommitmentExistsException(milestoneId, kpiId);
            }
            throw e;
        }
        return commitment;
    }

    private static List<List<OutcomeCommitment>> groupedInOrder(String keyField, List<String> keys,
                                                                Function<OutcomeCommitment, String> keyOf) {
        return BatchedLoad.childrenOf(keys,
                found -> OutcomeCommitment.list(keyField + " in ?1 order by dueDate, id", found), keyOf);
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
