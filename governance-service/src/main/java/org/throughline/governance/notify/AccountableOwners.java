package org.throughline.governance.notify;

import org.throughline.governance.CommitmentStatus;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.KpiFacts;
import org.throughline.governance.client.PlanFacts;
import org.throughline.governance.signal.Signal;
import org.throughline.governance.signal.SubjectType;
import org.throughline.subgraph.People;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is accountable for each item, and which initiatives list each KPI's signals, as the signal evaluation read them:
 * the facts it already holds, so that raising a signal asks no other service who to tell.
 */
public final class AccountableOwners {

    private final Map<String, String> initiatives = new HashMap<>();
    private final Map<String, String> milestones = new HashMap<>();
    private final Map<String, String> kpis = new HashMap<>();
    private final Map<String, String> commitments = new HashMap<>();
    /** For each KPI, the initiatives with a milestone that an active commitment tethers to it. */
    private final Map<String, Set<String>> initiativesOfKpis = new HashMap<>();

    public static AccountableOwners of(Collection<PlanFacts.InitiativeSummary> initiatives,
                                       Collection<PlanFacts.Milestone> milestones, Collection<KpiFacts.Kpi> kpis,
                                       Collection<OutcomeCommitment> commitments) {
        AccountableOwners owners = new AccountableOwners();
        initiatives.forEach(initiative -> owners.initiatives.put(initiative.id, initiative.accountableOwner));
        milestones.forEach(milestone -> owners.milestones.put(milestone.id, milestone.accountableOwner));
        kpis.forEach(kpi -> owners.kpis.put(kpi.id, kpi.accountableOwner));
        Map<String, String> initiativeOfMilestone = new HashMap<>();
        milestones.stream().filter(milestone -> milestone.initiative != null)
                .forEach(milestone -> initiativeOfMilestone.put(milestone.id, milestone.initiative.id));
        commitments.forEach(commitment -> {
            owners.commitments.put(commitment.id.toString(), commitment.accountableOwner);
            String initiative = initiativeOfMilestone.get(commitment.milestoneId);
            if (initiative != null && commitment.status == CommitmentStatus.ACTIVE) {
                owners.initiativesOfKpis.computeIfAbsent(commitment.kpiId, kpi -> new TreeSet<>()).add(initiative);
            }
        });
        return owners;
    }

    /**
     * The accountable owner of the item the signal is about. An item that has nobody (OWNERLESS, or an owner who
     * left) is told to whoever is accountable for its initiative; a KPI without a steward, or an initiative without
     * an owner, reaches only the initiative's watchers and the webhooks.
     */
    public Optional<String> of(Signal signal) {
        String owner = switch (signal.subjectType) {
            case INITIATIVE -> initiatives.get(signal.subjectId);
            case MILESTONE -> milestones.get(signal.subjectId);
            case KPI -> kpis.get(signal.subjectId);
            case COMMITMENT -> commitments.get(signal.subjectId);
        };
        if (somebody(owner)) {
            return Optional.of(owner.strip());
        }
        String initiativeOwner = signal.initiativeId == null ? null : initiatives.get(signal.initiativeId);
        return somebody(initiativeOwner) ? Optional.of(initiativeOwner.strip()) : Optional.empty();
    }

    /**
     * The initiatives whose signals include this one, as {@code Initiative.signals} lists them: the initiative it
     * names, and for a signal about a KPI, every initiative with a milestone tethered to that KPI.
     */
    public Set<String> initiativesOf(Signal signal) {
        Set<String> listing = new TreeSet<>();
        if (signal.initiativeId != null) {
            listing.add(signal.initiativeId);
        }
        if (signal.subjectType == SubjectType.KPI) {
            listing.addAll(initiativesOfKpis.getOrDefault(signal.kpiId, Set.of()));
        }
        return listing;
    }

    private static boolean somebody(String owner) {
        return owner != null && !owner.isBlank() && !owner.strip().equals(People.UNASSIGNED);
    }
}
