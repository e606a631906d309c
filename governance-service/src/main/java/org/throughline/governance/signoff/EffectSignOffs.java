package org.throughline.governance.signoff;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.throughline.governance.CommitmentStatus;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.KpiFacts;
import org.throughline.governance.client.PlanFacts;
import org.throughline.governance.client.Upstream;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.service.CommitmentNotFoundException;
import org.throughline.governance.service.CommitmentService;
import org.throughline.governance.service.InvalidCommitmentException;
import org.throughline.governance.service.KpiNotFoundException;
import org.throughline.governance.service.MilestoneNotFoundException;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.DatabaseClock;
import org.throughline.subgraph.EntityIds;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.events.Outbox;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Effect sign-offs: recorded only from the accountable owner of the KPI, once the milestone is implemented, one per
 * commitment, never changed; and where each milestone's sign-off stands.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class EffectSignOffs {

    public static final String IMPLEMENTED = "IMPLEMENTED";
    public static final String EFFECT_PROVEN = "EFFECT_PROVEN";
    private static final int STATEMENT_LENGTH = 2000;

    @Inject
    Upstream upstream;

    @Inject
    EntityManager entityManager;

    @Inject
    CurrentUser user;

    @Inject
    Outbox outbox;

    @Inject
    CommitmentService commitments;

    /** A sign-off as recorded, and its milestone as plan-service showed it while the sign-off was checked. */
    public record Given(EffectSignOff signOff, PlanFacts.Milestone milestone) {
    }

    /**
     * Records the KPI owner's sign-off of the effect the commitment's milestone had on its KPI. Signing off a
     * commitment signed off before answers the sign-off given then.
     */
    public Given signOff(String commitmentId, String signedBy, String statement) throws RejectedInputException {
        long id = Inputs.id("commitmentId", commitmentId);
        String signer = Inputs.userId("signedBy", signedBy);
        String text = Inputs.requiredText("statement", statement, STATEMENT_LENGTH);
        String caller = user.id();
        if (user.verified() && !caller.equals(signer)) {
            throw new NotKpiOwnerException("Signed in as " + caller + ", an effect is signed off in one's own name "
                    + "only, not as " + Inputs.shown(signer) + ".");
        }
        OutcomeCommitment commitment = active(id, commitmentId);
        // Checked live, before any lock is taken: the milestone is implemented, the signer owns the KPI.
        PlanFacts.Milestone milestone = upstream.milestones(List.of(commitment.milestoneId)).get(commitment.milestoneId);
        if (milestone == null) {
            throw new MilestoneNotFoundException("commitmentId", commitment.milestoneId);
        }
        if (!IMPLEMENTED.equals(milestone.stageGate) && !EFFECT_PROVEN.equals(milestone.stageGate)) {
            throw new MilestoneNotImplementedException(milestone.id, milestone.stageGate);
        }
        KpiFacts.Kpi kpi = upstream.kpis(List.of(commitment.kpiId)).get(commitment.kpiId);
        if (kpi == null) {
            throw new KpiNotFoundException("commitmentId", commitment.kpiId);
        }
        if (!signer.equals(kpi.accountableOwner)) {
            throw new NotKpiOwnerException("Only the accountable owner of KPI " + kpi.id + " (" + kpi.name + "), "
                    + kpi.accountableOwner + ", signs off the effect on it; " + Inputs.shown(signer) + " is not.");
        }
        // The commitment's row lock orders a sign-off against a racing one and against a withdrawal. Refreshed, not
        // found again: the commitment is already loaded, and a find would not re-read it.
        entityManager.refresh(commitment, LockModeType.PESSIMISTIC_WRITE);
        if (commitment.status != CommitmentStatus.ACTIVE) {
            throw withdrawn(id);
        }
        Optional<EffectSignOff> given = EffectSignOff.find("commitmentId", id).firstResultOptional();
        if (given.isPresent()) {
            return new Given(given.get(), milestone);
        }
        EffectSignOff signOff = new EffectSignOff();
        signOff.commitmentId = id;
        signOff.commitmentVersion = commitment.version;
        signOff.milestoneId = commitment.milestoneId;
        signOff.kpiId = commitment.kpiId;
        signOff.signerId = signer;
        signOff.statement = text;
        signOff.signedAt = DatabaseClock.now(entityManager).atOffset(ZoneOffset.UTC);
        signOff.persist();
        outbox.append("Commitment", Long.toString(id), "EffectSignedOff", outbox.object()
                .put("commitmentId", Long.toString(id)).put("commitmentVersion", signOff.commitmentVersion)
                .put("milestoneId", signOff.milestoneId).put("kpiId", signOff.kpiId).put("signerId", signer)
                .put("statement", text).put("signedAt", signOff.signedAt.toString()));
        return new Given(signOff, milestone);
    }

    /** Where the sign-off of each milestone stands, in the given order: of its active commitments only. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EffectSignOffState> statesOf(List<String> milestoneIds) {
        List<String> canonical = milestoneIds.stream().map(EntityIds::canonical).toList();
        List<OutcomeCommitment> active = commitments.activeOfMilestones(canonical);
        Map<Long, EffectSignOff> signOffOf = new HashMap<>();
        if (!active.isEmpty()) {
            EffectSignOff.<EffectSignOff>list("commitmentId in ?1",
                    active.stream().map(commitment -> commitment.id).toList())
                    .forEach(signOff -> signOffOf.put(signOff.commitmentId, signOff));
        }
        Map<String, List<EffectSignOff>> signed = new HashMap<>();
        Map<String, List<Kpi>> awaiting = new HashMap<>();
        for (OutcomeCommitment commitment : active) {
            EffectSignOff signOff = signOffOf.get(commitment.id);
            if (signOff == null) {
                awaiting.computeIfAbsent(commitment.milestoneId, key -> new ArrayList<>()).add(new Kpi(commitment.kpiId));
            } else {
                signed.computeIfAbsent(commitment.milestoneId, key -> new ArrayList<>()).add(signOff);
            }
        }
        return canonical.stream().map(milestone -> new EffectSignOffState(
                signed.getOrDefault(milestone, List.of()).stream()
                        .sorted(java.util.Comparator.comparing((EffectSignOff s) -> s.signedAt)
                                .thenComparing(s -> s.id)).toList(),
                awaiting.getOrDefault(milestone, List.of()))).toList();
    }

    /** The milestones whose every active commitment is signed off: their effect is proven, or is to be. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Collection<String> signedOffMilestones() {
        return entityManager.createNativeQuery("""
                select c.milestone_id from outcome_commitment c
                left join effect_sign_off s on s.commitment_id = c.id
                where c.status = 'ACTIVE'
                group by c.milestone_id having count(s.id) = count(*)
                """).getResultList();
    }

    private static OutcomeCommitment active(long id, String given) throws RejectedInputException {
        OutcomeCommitment commitment = OutcomeCommitment.<OutcomeCommitment>findByIdOptional(id)
                .orElseThrow(() -> new CommitmentNotFoundException("commitmentId", given));
        if (commitment.status != CommitmentStatus.ACTIVE) {
            throw withdrawn(id);
        }
        return commitment;
    }

    private static InvalidCommitmentException withdrawn(long id) {
        return new InvalidCommitmentException("commitmentId", "Commitment " + id + " was withdrawn; there is no "
                + "promised effect left to sign off.");
    }
}
