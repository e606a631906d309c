package org.throughline.plan.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.throughline.plan.Initiative;
import org.throughline.plan.Milestone;
import org.throughline.plan.StageGate;
import org.throughline.plan.Workstream;
import org.throughline.plan.revision.RevisionLog;
import org.throughline.plan.revision.RevisionLog.Change;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.DependencyGraph;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.VersionConflictException;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Changes the plan. Every change names the version it was based on and is refused whole when that version is stale;
 * every change that alters an item is recorded as a revision. A refused change writes nothing: any exception rolls
 * the transaction back.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class PlanChangeService {

    @Inject
    EntityManager entityManager;

    @Inject
    RevisionLog revisions;

    @Inject
    PlanService plan;

    // ----- initiatives -----

    public Initiative createInitiative(NewInitiative input) throws RejectedInputException {
        Initiative initiative = PlanRules.newInitiative(input);
        initiative.persist();
        revisions.record(List.of(Change.creation(initiative, null)));
        return initiative;
    }

    public Initiative updateInitiative(String id, int version, InitiativeChanges changes, String reason)
            throws RejectedInputException {
        String why = PlanRules.reason(reason);
        Initiative initiative = Initiative.<Initiative>findByIdOptional(Inputs.id("id", id))
                .orElseThrow(() -> new InitiativeNotFoundException("id", id));
        return changing("Initiative", initiative.id, version, initiative.version, () -> {
            Initiative.State before = initiative.state();
            PlanRules.apply(initiative, changes, why);
            revisions.record(List.of(Change.of(initiative, before, version, why)));
            return initiative;
        });
    }

    // ----- workstreams -----

    public Workstream addWorkstream(NewWorkstream input) throws RejectedInputException {
        Initiative initiative = Initiative.<Initiative>findByIdOptional(Inputs.id("initiativeId", input.initiativeId))
                .orElseThrow(() -> new InitiativeNotFoundException("initiativeId", input.initiativeId));
        Workstream workstream = PlanRules.newWorkstream(initiative.id, input);
        requireFreeName(workstream);
        return writing(() -> {
            workstream.persist();
            revisions.record(List.of(Change.creation(workstream, null)));
            return workstream;
        });
    }

    public Workstream updateWorkstream(String id, int version, WorkstreamChanges changes, String reason)
            throws RejectedInputException {
        String why = PlanRules.reason(reason);
        Workstream workstream = Workstream.<Workstream>findByIdOptional(Inputs.id("id", id))
                .orElseThrow(() -> new WorkstreamNotFoundException("id", id));
        return changing("Workstream", workstream.id, version, workstream.version, () -> {
            Workstream.State before = workstream.state();
            PlanRules.apply(workstream, changes);
            if (!before.name().equalsIgnoreCase(workstream.name)) {
                requireFreeName(workstream);
            }
            revisions.record(List.of(Change.of(workstream, before, version, why)));
            return workstream;
        });
    }

    // ----- milestones -----

    public Milestone addMilestone(NewMilestone input) throws RejectedInputException {
        Workstream workstream = Workstream.<Workstream>findByIdOptional(Inputs.id("workstreamId", input.workstreamId))
                .orElseThrow(() -> new WorkstreamNotFoundException("workstreamId", input.workstreamId));
        Milestone milestone = PlanRules.newMilestone(input);
        milestone.workstreamId = workstream.id;
        milestone.initiativeId = workstream.initiativeId;
        requireFreeKey(milestone);
        List<Long> dependsOn = input.dependsOn == null ? List.of() : dependencyIds(milestone, input.dependsOn);
        milestone.dependsOnIds = List.of();
        return writing(() -> {
            milestone.persist();
            entityManager.flush();
            replaceDependencies(milestone, dependsOn);
            revisions.record(List.of(Change.creation(milestone, null)));
            return milestone;
        });
    }

    public Milestone updateMilestone(String id, int version, MilestoneChanges changes, String reason)
            throws RejectedInputException {
        String why = PlanRules.reason(reason);
        Milestone milestone = Milestone.<Milestone>findByIdOptional(Inputs.id("id", id))
                .orElseThrow(() -> new MilestoneNotFoundException("id", id));
        return changing("Milestone", milestone.id, version, milestone.version, () -> {
            milestone.dependsOnIds = plan.dependencyIds(List.of(milestone.id)).getOrDefault(milestone.id, List.of());
            Milestone.State before = milestone.state();
            PlanRules.apply(milestone, changes, why, LocalDate.now(ZoneOffset.UTC));
            if (changes.workstreamId != null) {
                milestone.workstreamId = workstreamOfSameInitiative(milestone, changes.workstreamId).id;
            }
            if (!Objects.equals(before.externalKey(), milestone.externalKey)) {
                requireFreeKey(milestone);
            }
            if (changes.dependsOn != null) {
                replaceDependencies(milestone, dependencyIds(milestone, changes.dependsOn));
            }
            revisions.record(List.of(Change.of(milestone, before, version, why)));
            return milestone;
        });
    }

    /**
     * The seam reserved for governance: the milestone's effect is proven, because the accountable owner of every KPI
     * it is tethered to has signed it off. Only a milestone at IMPLEMENTED can be proven.
     */
    public Milestone proveMilestoneEffect(String id, int version, String evidence) throws RejectedInputException {
        String why = Inputs.requiredText("evidence", evidence, PlanRules.REASON_LENGTH);
        Milestone milestone = Milestone.<Milestone>findByIdOptional(Inputs.id("id", id))
                .orElseThrow(() -> new MilestoneNotFoundException("id", id));
        return changing("Milestone", milestone.id, version, milestone.version, () -> {
            if (milestone.stageGate != StageGate.IMPLEMENTED) {
                throw new InvalidPlanException("stageGate", "Only an IMPLEMENTED milestone can have its effect "
                        + "proven; milestone " + milestone.id + " is " + milestone.stageGate + ".");
            }
            milestone.dependsOnIds = plan.dependencyIds(List.of(milestone.id)).getOrDefault(milestone.id, List.of());
            Milestone.State before = milestone.state();
            milestone.stageGate = StageGate.EFFECT_PROVEN;
            revisions.record(List.of(Change.of(milestone, before, version, why)));
            return milestone;
        });
    }

    // ----- rules that need the database, shared with the import -----

    /** Serialises changes to one initiative's dependency graph, so that two changes cannot close a cycle together. */
    void lockDependencies(Long initiativeId) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(:key)").setParameter("key", initiativeId)
                .getResultList();
    }

    /** Writes the milestone's dependencies as given, replacing those it had; its {@code dependsOnIds} follow. */
    private void replaceDependencies(Milestone milestone, List<Long> dependsOn) {
        Set<Long> had = new LinkedHashSet<>(milestone.dependsOnIds == null ? List.of() : milestone.dependsOnIds);
        List<Long> removed = had.stream().filter(id -> !dependsOn.contains(id)).toList();
        List<Long> added = dependsOn.stream().filter(id -> !had.contains(id)).toList();
        if (!removed.isEmpty()) {
            entityManager.createNativeQuery("delete from milestone_dependency where milestone_id = :milestone"
                    + " and depends_on_id in (:removed)").setParameter("milestone", milestone.id)
                    .setParameter("removed", removed).executeUpdate();
        }
        insertDependencies(List.of(milestone.id), List.of(added));
        milestone.dependsOnIds = dependsOn.stream().sorted().toList();
    }

    /** Inserts the dependencies of many milestones with one statement. */
    void insertDependencies(List<Long> milestones, List<List<Long>> dependsOn) {
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        for (int i = 0; i < milestones.size(); i++) {
            for (Long target : dependsOn.get(i)) {
                from.add(milestones.get(i));
                to.add(target);
            }
        }
        if (!from.isEmpty()) {
            entityManager.createNativeQuery("insert into milestone_dependency (milestone_id, depends_on_id)"
                            + " select * from unnest(cast(:from as bigint[]), cast(:to as bigint[]))")
                    .setParameter("from", from.toArray(Long[]::new)).setParameter("to", to.toArray(Long[]::new))
                    .executeUpdate();
        }
    }

    /** The dependencies of one initiative's milestones, by id, as the database holds them now. */
    private DependencyGraph<Long> dependencyGraph(Long initiativeId) {
        DependencyGraph<Long> graph = new DependencyGraph<>();
        plan.dependencyIdsInInitiative(initiativeId).forEach(graph::replace);
        return graph;
    }

    /**
     * The milestones named as dependencies, checked: ids, existing, of the same initiative, not the milestone itself,
     * and closing no cycle. Takes the initiative's dependency lock, held until the transaction ends.
     */
    private List<Long> dependencyIds(Milestone milestone, List<String> given) throws RejectedInputException {
        Set<Long> ids = new LinkedHashSet<>();
        for (String id : given) {
            ids.add(Inputs.id("dependsOn", id));
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        if (milestone.id != null && ids.contains(milestone.id)) {
            throw new BadInputException("dependsOn", "a milestone cannot depend on itself");
        }
        Map<Long, Milestone> found = Milestone.<Milestone>list("id in ?1", ids).stream()
                .collect(Collectors.toMap(m -> m.id, m -> m));
        for (Long id : ids) {
            Milestone dependency = found.get(id);
            if (dependency == null) {
                throw new MilestoneNotFoundException("dependsOn", id);
            }
            if (!dependency.initiativeId.equals(milestone.initiativeId)) {
                throw InvalidPlanException.at("dependsOn", "milestone " + id + " belongs to another "
                        + "initiative; dependencies stay within one initiative's plan.");
            }
        }
        if (milestone.id != null) {
            lockDependencies(milestone.initiativeId);
            DependencyGraph<Long> graph = dependencyGraph(milestone.initiativeId);
            graph.replace(milestone.id, ids);
            var cycle = graph.findCycle();
            if (cycle.isPresent()) {
                throw new DependencyCycleException("dependsOn", titled(cycle.get()));
            }
        }
        return List.copyOf(ids);
    }

    private List<String> titled(List<Long> cycle) {
        Map<Long, String> titles = Milestone.<Milestone>list("id in ?1", Set.copyOf(cycle)).stream()
                .collect(Collectors.toMap(m -> m.id, m -> m.title));
        return cycle.stream().map(id -> "'" + titles.get(id) + "' (" + id + ")").toList();
    }

    private Workstream workstreamOfSameInitiative(Milestone milestone, String workstreamId) throws RejectedInputException {
        Workstream workstream = Workstream.<Workstream>findByIdOptional(Inputs.id("workstreamId", workstreamId))
                .orElseThrow(() -> new WorkstreamNotFoundException("workstreamId", workstreamId));
        if (!workstream.initiativeId.equals(milestone.initiativeId)) {
            throw InvalidPlanException.at("workstreamId", "workstream " + workstream.id
                    + " belongs to another initiative; a milestone moves only between workstreams of its own.");
        }
        return workstream;
    }

    private void requireFreeName(Workstream workstream) throws RejectedInputException {
        if (Workstream.count("initiativeId = ?1 and lower(name) = lower(?2) and id <> ?3", workstream.initiativeId,
                workstream.name, Objects.requireNonNullElse(workstream.id, 0L)) > 0) {
            throw InvalidPlanException.at("name", "the initiative already has a workstream named "
                    + Inputs.shown(workstream.name) + ".");
        }
    }

    private void requireFreeKey(Milestone milestone) throws RejectedInputException {
        if (milestone.externalKey != null && Milestone.count("initiativeId = ?1 and externalKey = ?2 and id <> ?3",
                milestone.initiativeId, milestone.externalKey, Objects.requireNonNullElse(milestone.id, 0L)) > 0) {
            throw InvalidPlanException.at("externalKey", "another milestone of the initiative has the "
                    + "key " + Inputs.shown(milestone.externalKey) + ".");
        }
    }

    /** A change to one item, based on the version the caller read. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws RejectedInputException;
    }

    /**
     * Runs a change after checking the version the caller based it on; a stale version, seen now or when the change
     * is written (someone else wrote between), is a conflict, and the transaction rolls back.
     */
    private static <T> T changing(String item, Long id, int versionRead, int currentVersion, Work<T> work)
            throws RejectedInputException {
        if (versionRead != currentVersion) {
            throw new VersionConflictException(item, id, versionRead, (long) currentVersion);
        }
        try {
            return writing(work);
        } catch (OptimisticLockException | StaleStateException e) {
            throw new VersionConflictException(item, id, versionRead, null);
        }
    }

    /**
     * Runs a change, turning a unique index that a concurrent change won (same workstream name, same milestone key)
     * into the error the check before it would have given.
     */
    private static <T> T writing(Work<T> work) throws RejectedInputException {
        try {
            return work.run();
        } catch (PersistenceException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConstraintViolationException violation) {
                    if ("workstream_name".equalsIgnoreCase(violation.getConstraintName())) {
                        throw InvalidPlanException.at("name", "the initiative already has a workstream of "
                                + "that name.");
                    }
                    if ("milestone_external_key".equalsIgnoreCase(violation.getConstraintName())) {
                        throw InvalidPlanException.at("externalKey", "another milestone of the "
                                + "initiative has that key.");
                    }
                }
            }
            throw e;
        }
    }
}
