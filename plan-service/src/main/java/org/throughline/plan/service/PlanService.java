package org.throughline.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.throughline.plan.Initiative;
import org.throughline.plan.Milestone;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.EntityIds;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads and changes the plan: initiatives and their milestones. */
@ApplicationScoped
@Transactional
public class PlanService {

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Initiative> initiatives() {
        return Initiative.list("order by id");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Initiative> initiative(String id) {
        return EntityIds.parse(id).flatMap(key -> Initiative.<Initiative>findByIdOptional(key));
    }

    /** The initiatives for the given ids, in the same order; null where an id names none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Initiative> initiativesInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> Initiative.<Initiative>list("id in ?1", found), initiative -> initiative.id);
    }

    /** The milestones for the given ids, in the same order; null where an id names none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Milestone> milestonesInOrder(List<String> ids) {
        return BatchedLoad.byIds(ids, found -> Milestone.<Milestone>list("id in ?1", found), milestone -> milestone.id);
    }

    /** The milestones of each initiative, one list per initiative in the given order, by baseline finish. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<Milestone>> milestonesOf(List<Initiative> initiatives) {
        return BatchedLoad.childrenOf(initiatives.stream().map(initiative -> initiative.id).toList(),
                ids -> Milestone.list("initiativeId in ?1 order by baselineFinish, id", ids),
                milestone -> milestone.initiativeId);
    }

    /** The initiative of each milestone, in the given order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Initiative> initiativesOf(List<Milestone> milestones) {
        return BatchedLoad.oneEach(milestones.stream().map(milestone -> milestone.initiativeId).toList(),
                ids -> Initiative.list("id in ?1", ids), initiative -> initiative.id);
    }

    public Initiative createInitiative(NewInitiative input) {
        Initiative initiative = new Initiative();
        initiative.name = input.name.trim();
        initiative.objective = input.objective;
        initiative.sponsor = input.sponsor;
        initiative.persist();
        return initiative;
    }

    public Milestone addMilestone(NewMilestone input) throws InitiativeNotFoundException, InvalidPlanException {
        Initiative initiative = initiative(input.initiativeId)
                .orElseThrow(() -> new InitiativeNotFoundException(input.initiativeId));
        if (input.baselineFinish == null) {
            throw new InvalidPlanException("A milestone needs a baseline finish date.");
        }
        Milestone milestone = new Milestone();
        milestone.initiativeId = initiative.id;
        milestone.title = input.title.trim();
        milestone.baselineFinish = input.baselineFinish;
        milestone.forecastFinish = Objects.requireNonNullElse(input.forecastFinish, input.baselineFinish);
        milestone.persist();
        return milestone;
    }
}
