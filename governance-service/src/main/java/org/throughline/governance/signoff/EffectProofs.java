package org.throughline.governance.signoff;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.throughline.governance.client.PlanFacts;
import org.throughline.governance.client.Upstream;
import org.throughline.governance.client.UpstreamUnavailableException;
import org.throughline.subgraph.RejectedInputException;

import java.util.List;
import java.util.Map;

/**
 * Moves a milestone to EFFECT_PROVEN through plan-service's seam reserved for governance, once the owner of every KPI
 * it is tethered to signed the effect off. A sign-off is stored first and the proof follows; a proof that could not
 * be made (plan-service unreachable) is made by the next scheduled pass, so no sign-off is ever lost to an outage.
 */
@ApplicationScoped
public class EffectProofs {

    private static final int EVIDENCE_LENGTH = 2000;
    private static final int ATTEMPTS = 3;

    @Inject
    EffectSignOffs signOffs;

    @Inject
    Upstream upstream;

    /** Records the sign-off, then proves the milestone's effect if it was the last one awaited. */
    public SignOffResult signOff(String commitmentId, String signedBy, String statement) throws RejectedInputException {
        EffectSignOff signOff = signOffs.signOff(commitmentId, signedBy, statement);
        boolean proven = prove(signOff.milestoneId);
        return new SignOffResult(signOff, signOffs.statesOf(List.of(signOff.milestoneId)).get(0), proven);
    }

    /** True when the milestone is at EFFECT_PROVEN now, proven by this call or before it. */
    public boolean prove(String milestoneId) {
        EffectSignOffState state = signOffs.statesOf(List.of(milestoneId)).get(0);
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                PlanFacts.Milestone milestone = upstream.milestones(List.of(milestoneId)).get(milestoneId);
                if (milestone == null) {
                    return false;
                }
                if (EffectSignOffs.EFFECT_PROVEN.equals(milestone.stageGate)) {
                    return true;
                }
                if (!state.isComplete() || !EffectSignOffs.IMPLEMENTED.equals(milestone.stageGate)) {
                    return false;
                }
                switch (upstream.proveMilestoneEffect(milestoneId, milestone.version, evidence(state))) {
                    case PROVEN:
                        return true;
                    case REFUSED:
                        return false;
                    case VERSION_CONFLICT:
                        continue;
                }
            }
        } catch (UpstreamUnavailableException e) {
            Log.warnf("the effect of milestone %s is signed off and will be proven when plan-service answers: %s",
                    milestoneId, e.getMessage());
        }
        return false;
    }

    @Scheduled(every = "${throughline.governance.signals.every:5m}", delayed = "${throughline.governance.signals.delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            proveSignedOff();
        } catch (UpstreamUnavailableException e) {
            Log.warnf("signed-off effects not proven now: %s", e.getMessage());
        }
    }

    /** Proves every milestone whose effect is fully signed off and that plan-service still holds at IMPLEMENTED. */
    public int proveSignedOff() throws UpstreamUnavailableException {
        Map<String, PlanFacts.Milestone> milestones = upstream.milestones(signOffs.signedOffMilestones());
        int proven = 0;
        for (PlanFacts.Milestone milestone : milestones.values()) {
            if (EffectSignOffs.IMPLEMENTED.equals(milestone.stageGate) && prove(milestone.id)) {
                proven++;
            }
        }
        return proven;
    }

    /** The evidence plan-service keeps as the reason of the milestone's revision: who signed off what, and when. */
    static String evidence(EffectSignOffState state) {
        StringBuilder evidence = new StringBuilder("Effect signed off by the owner of every tethered KPI:");
        int shown = 0;
        for (EffectSignOff signOff : state.signOffs) {
            String line = " KPI " + signOff.kpiId + " by " + signOff.signerId + " at " + signOff.signedAt
                    + " (sign-off " + signOff.id + ");";
            if (evidence.length() + line.length() > EVIDENCE_LENGTH - 40) {
                evidence.append(" and ").append(state.signOffs.size() - shown).append(" more.");
                return evidence.toString();
            }
            evidence.append(line);
            shown++;
        }
        return evidence.toString();
    }
}
