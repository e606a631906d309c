package org.throughline.governance.graphql;

import io.smallrye.graphql.api.federation.policy.Policy;
import io.smallrye.graphql.api.federation.policy.PolicyGroup;
import io.smallrye.graphql.api.federation.policy.PolicyItem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.service.CommitmentChanges;
import org.throughline.governance.service.CommitmentService;
import org.throughline.governance.service.NewCommitment;
import org.throughline.governance.signoff.EffectProofs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.Roles;

import java.util.List;

/** The governance subgraph's changes to commitments: made, amended, withdrawn; never deleted. */
@GraphQLApi
public class CommitmentChangesGraphQLApi {

    @Inject
    CommitmentService commitments;

    @Inject
    EffectProofs proofs;

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("commitOutcome")
    @Description("Tethers a milestone to a KPI: when the milestone is delivered, the KPI will reach the expected value "
            + "by the due date. Both must exist (milestone-not-found, kpi-not-found); one active commitment per pair "
            + "(commitment-exists). When plan-service or kpi-service cannot confirm, nothing is stored (upstream-unavailable).")
    public @NonNull OutcomeCommitment commitOutcome(@NonNull @Name("commitment") NewCommitment commitment)
            throws RejectedInputException {
        return commitments.commitOutcome(commitment);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("commitOutcomes")
    @Description("Tethers many milestones to KPIs at once (1 to 100), in one transaction: all of them are made, in the "
            + "order given, or none, with the error of the first refused (its field names its place, such as "
            + "commitments[3].kpiId). Each as commitOutcome checks it; plan-service and kpi-service are asked once "
            + "for all. Rather than many commitOutcome in one document, each its own transaction.")
    public @NonNull List<@NonNull OutcomeCommitment> commitOutcomes(
            @NonNull @Name("commitments") List<@NonNull NewCommitment> commitments) throws RejectedInputException {
        return this.commitments.commitOutcomes(commitments);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("amendCommitment")
    @Description("Amends an active commitment, based on the version read, with a reason; kept as a revision.")
    public @NonNull OutcomeCommitment amendCommitment(@NonNull @Id String id, @NonNull Integer version,
                                                      @NonNull @Name("changes") CommitmentChanges changes,
                                                      @NonNull String reason) throws RejectedInputException {
        return commitments.amend(id, version, changes, reason);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("withdrawCommitment")
    @Description("Withdraws an active commitment, based on the version read, with a reason. It stays in the record, "
            + "no longer active; the milestone and KPI can be tethered anew. When the owners of every KPI the "
            + "milestone stays tethered to have signed its effect off, the effect is proven.")
    public @NonNull OutcomeCommitment withdrawCommitment(@NonNull @Id String id, @NonNull Integer version,
                                                         @NonNull String reason) throws RejectedInputException {
        OutcomeCommitment withdrawn = commitments.withdraw(id, version, reason);
        // The withdrawn tether may have been the last one whose KPI owner had not signed the effect off.
        proofs.prove(withdrawn.milestoneId);
        return withdrawn;
    }
}
