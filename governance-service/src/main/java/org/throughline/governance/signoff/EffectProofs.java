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
        EffectSignOffs.Given given = signOffs.signOff(commitmentId, signedBy, statement);
        EffectSignOffState state = signOffs.statesOf(List.of(given.signOff().milestoneId)).get(0);
        return new SignOffResult(given.signOff(), state, prove(given.milestone(), state));
    }

    /** True when the milestone is at EFFECT_PROVEN now, proven by this call or before it. */
    public boolean prove(String milestoneId) {
        try {
            return prove(upstream.milestones(List.of(milestoneId)).get(milestoneId),
                    signOffs.statesOf(List.of(milestoneId)).get(0));
        } catch (UpstreamUnavailableException e) {
            return notNow(milestoneId, e);
        }
    }

    /** Proves the milestone as read (null when plan-service knows none), reading it again only after a conflict. */
    private boolean prove(PlanFacts.Milestone read, EffectSignOffState state) {
        PlanFacts.Milestone milestone = read;
        try {
            for (int attempt = 0; attempt < ATTEMPTS && milestone != null; attempt++) {
                if (EffectSignOffs.EFFECT_PROVEN.equals(milestone.stageGate)) {
                    return true;
                }
                if (!state.isComplete() || !EffectSignOffs.IMPLEMENTED.equals(milestone.stageGate)) {
                    return false;
                }
                switch (upstream.proveMilestoneEffect(milestone.id, milestone.version, evidence(state))) {
                    case PROVEN:
                        return true;
                    case REFUSED:
                        return false;
                    case VERSION_CONFLICT:
                        milestone = upstream.milestones(List.of(milestone.id)).get(milestone.id);
                }
            }
        } catch (UpstreamUnavailableException e) {
            return notNow(milestone.id, e);
        }
        return false;
    }

    private static boolean notNow(String milestoneId, UpstreamUnavailableException e) {
        Log.warnf("the effect of milestone %s is signed off and will be proven when plan-service answers: %s",
                milestoneId, e.getMessage());
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
        List<PlanFacts.Milestone> implemented = upstream.milestones(signOffs.signedOffMilestones()).values().stream()
                .filter(milestone -> EffectSignOffs.IMPLEMENTED.equals(milestone.stageGate)).toList();
        List<EffectSignOffState> states = signOffs.statesOf(implemented.stream().map(m -> m.id).toList());
        int proven = 0;
        for (int i = 0; i < implemented.size(); i++) {
            if (prove(implemented.get(i), states.get(i))) {
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
