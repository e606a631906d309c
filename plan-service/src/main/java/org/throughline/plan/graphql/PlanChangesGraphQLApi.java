package org.throughline.plan.graphql;

import io.quarkus.security.ForbiddenException;
import io.smallrye.graphql.api.federation.Inaccessible;
import io.smallrye.graphql.api.federation.policy.Policy;
import io.smallrye.graphql.api.federation.policy.PolicyGroup;
import io.smallrye.graphql.api.federation.policy.PolicyItem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.Initiative;
import org.throughline.plan.Milestone;
import org.throughline.plan.Workstream;
import org.throughline.plan.service.InitiativeChanges;
import org.throughline.plan.service.MilestoneChanges;
import org.throughline.plan.service.NewInitiative;
import org.throughline.plan.service.NewMilestone;
import org.throughline.plan.service.NewWorkstream;
import org.throughline.plan.service.PlanChangeService;
import org.throughline.plan.service.WorkstreamChanges;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.Roles;

/**
 * The plan subgraph's changes: translates between GraphQL and {@link PlanChangeService}. Each change of an existing
 * item names the version it was based on; a stale one is a version-conflict error and nothing is written.
 */
@GraphQLApi
public class PlanChangesGraphQLApi {

    private static final String VERSION = "The version of the item the change is based on, as last read.";
    private static final String REASON = "Why; required for re-baselining, putting on hold, retiring, descoping and "
            + "gate moves other than one step forward. At most 2,000 characters.";

    @Inject
    PlanChangeService changes;

    @Inject
    CurrentUser user;

    /** The OAuth client of governance-service's service account: the only caller of proveMilestoneEffect. */
    @ConfigProperty(name = "throughline.plan.governance-client", defaultValue = "governance-service")
    String governanceClient;

    @RolesAllowed(Roles.PLAN_EDITOR)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.PLAN_EDITOR))})
    @Mutation("createInitiative")
    @Description("Opens a new initiative, ACTIVE from the start.")
    public @NonNull Initiative createInitiative(@NonNull @Name("initiative") NewInitiative initiative)
            throws RejectedInputException {
        return changes.createInitiative(initiative);
    }

    @RolesAllowed(Roles.PLAN_EDITOR)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.PLAN_EDITOR))})
    @Mutation("updateInitiative")
    @Description("Changes an initiative; recorded as a revision.")
    public @NonNull Initiative updateInitiative(@NonNull @Id String id, @NonNull @Description(VERSION) Integer version,
                                                @NonNull @Name("changes") InitiativeChanges initiativeChanges,
                                                @Description(REASON) String reason) throws RejectedInputException {
        return changes.updateInitiative(id, version, initiativeChanges, reason);
    }

    @RolesAllowed(Roles.PLAN_EDITOR)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.PLAN_EDITOR))})
    @Mutation("addWorkstream")
    @Description("Opens a workstream in an initiative.")
    public @NonNull Workstream addWorkstream(@NonNull @Name("workstream") NewWorkstream workstream)
            throws RejectedInputException {
        return changes.addWorkstream(workstream);
    }

    @RolesAllowed(Roles.PLAN_EDITOR)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.PLAN_EDITOR))})
    @Mutation("updateWorkstream")
    @Description("Changes a workstream; recorded as a revision.")
    public @NonNull Workstream updateWorkstream(@NonNull @Id String id, @NonNull @Description(VERSION) Integer version,
                                                @NonNull @Name("changes") WorkstreamChanges workstreamChanges,
                                                @Description(REASON) String reason) throws RejectedInputException {
        return changes.updateWorkstream(id, version, workstreamChanges, reason);
    }

    @RolesAllowed(Roles.PLAN_EDITOR)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.PLAN_EDITOR))})
    @Mutation("addMilestone")
    @Description("Adds a milestone to a workstream; its baseline finish changes only by re-baselining.")
    public @NonNull Milestone addMilestone(@NonNull @Name("milestone") NewMilestone milestone)
            throws RejectedInputException {
        return changes.addMilestone(milestone);
    }

    @RolesAllowed(Roles.PLAN_EDITOR)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.PLAN_EDITOR))})
    @Mutation("updateMilestone")
    @Description("Changes a milestone (dates, delivery, health, gate, owner, dependencies); recorded as a revision. "
            + "A dependency that would close a cycle is a dependency-cycle error naming the cycle.")
    public @NonNull Milestone updateMilestone(@NonNull @Id String id, @NonNull @Description(VERSION) Integer version,
                                              @NonNull @Name("changes") MilestoneChanges milestoneChanges,
                                              @Description(REASON) String reason) throws RejectedInputException {
        return changes.updateMilestone(id, version, milestoneChanges, reason);
    }

    /**
     * The one way to EFFECT_PROVEN, reserved for governance-service: hidden from the API clients see through the
     * gateway, and open only to a token issued to governance's own client (its service account) that holds the
     * governance-service role; a user given that role by mistake is still refused.
     */
    @RolesAllowed(Roles.GOVERNANCE_SERVICE)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_SERVICE))})
    @Mutation("proveMilestoneEffect")
    @Inaccessible
    @Description("Moves an IMPLEMENTED milestone to EFFECT_PROVEN: the owners of every KPI it is tethered to signed the effect off.")
    public @NonNull Milestone proveMilestoneEffect(@NonNull @Id String id,
                                                   @NonNull @Description(VERSION) Integer version,
                                                   @NonNull @Description("The sign-offs that prove the effect, as recorded by governance.") String evidence)
            throws RejectedInputException {
        if (user.verified() && !governanceClient.equals(user.client())) {
            throw new ForbiddenException("Only " + governanceClient + "'s service account proves an effect.");
        }
        return changes.proveMilestoneEffect(id, version, evidence);
    }
}
