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
import org.eclipse.microprofile.graphql.Source;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.reference.Milestone;
import org.throughline.governance.service.CommitmentService;
import org.throughline.governance.signoff.EffectProofs;
import org.throughline.governance.signoff.EffectSignOff;
import org.throughline.governance.signoff.EffectSignOffState;
import org.throughline.governance.signoff.EffectSignOffs;
import org.throughline.governance.signoff.SignOffResult;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.Roles;

import java.util.List;

/** Effect sign-off: KPI owners confirm a delivered milestone's effect; when all have, the effect is proven. */
@GraphQLApi
public class EffectSignOffGraphQLApi {

    @Inject
    EffectProofs proofs;

    @Inject
    EffectSignOffs signOffs;

    @Inject
    CommitmentService commitments;

    @RolesAllowed({Roles.EXECUTIVE, Roles.KPI_STEWARD})
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.EXECUTIVE)), @PolicyGroup(@PolicyItem(Roles.KPI_STEWARD))})
    @Mutation("signOffEffect")
    @Description("The accountable owner of the commitment's KPI signs off the effect its IMPLEMENTED milestone had "
            + "(not-kpi-owner, milestone-not-implemented otherwise). When the owner of every KPI the milestone is "
            + "tethered to has signed off, governance moves the milestone to EFFECT_PROVEN through plan-service. "
            + "Signing off twice answers the first sign-off.")
    public @NonNull SignOffResult signOffEffect(@NonNull @Id String commitmentId,
                                                @NonNull @Id @Description("The user id of the KPI's accountable owner.") String signedBy,
                                                @NonNull @Description("What the KPI owner observed.") String statement)
            throws RejectedInputException {
        return proofs.signOff(commitmentId, signedBy, statement);
    }

    @Name("effectSignOff")
    @Description("Where the sign-off of the milestone's effect by the owners of its tethered KPIs stands.")
    public List<EffectSignOffState> effectSignOffOfMilestones(@Source List<Milestone> milestones) {
        return signOffs.statesOf(milestones.stream().map(milestone -> milestone.id).toList());
    }

    @Description("The commitment whose effect was signed off.")
    public List<@NonNull OutcomeCommitment> commitment(@Source List<EffectSignOff> batch) {
        return commitments.commitmentsByKeys(batch.stream().map(signOff -> signOff.commitmentId).toList());
    }
}
