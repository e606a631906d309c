package org.throughline.governance.graphql;

import io.smallrye.graphql.api.federation.Inaccessible;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;
import org.throughline.governance.service.CommitmentExistsException;
import org.throughline.governance.service.CommitmentNotFoundException;
import org.throughline.governance.service.CommitmentService;
import org.throughline.governance.service.NewCommitment;

import java.util.List;

/** The governance subgraph: translates between GraphQL and {@link CommitmentService}, nothing more. */
@GraphQLApi
// v2.7: SmallRye declares @override with its label argument, which Apollo composition accepts from 2.7 on.
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = {
        @Import(name = "@key"), @Import(name = "@shareable"), @Import(name = "@external"),
        @Import(name = "@requires"), @Import(name = "@provides")})
public class GovernanceGraphQLApi {

    @Inject
    CommitmentService commitments;

    @Query("commitments")
    @Description("Every outcome commitment, soonest due first.")
    public @NonNull List<@NonNull OutcomeCommitment> commitments() {
        return commitments.commitments();
    }

    @Query("commitment")
    @Description("One outcome commitment by id; an unknown id is a commitment-not-found error.")
    public OutcomeCommitment commitment(@NonNull @Id String id) throws CommitmentNotFoundException {
        return commitments.commitment(id).orElseThrow(() -> new CommitmentNotFoundException(id));
    }

    @Name("commitments")
    @Description("The outcome commitments that tether the milestone to KPIs, soonest due first.")
    public List<@NonNull List<@NonNull OutcomeCommitment>> commitmentsOfMilestones(@Source List<Milestone> milestones) {
        return commitments.commitmentsOfMilestones(milestones);
    }

    @Name("commitments")
    @Description("The outcome commitments that expect milestones to move the KPI, soonest due first.")
    public List<@NonNull List<@NonNull OutcomeCommitment>> commitmentsOfKpis(@Source List<Kpi> kpis) {
        return commitments.commitmentsOfKpis(kpis);
    }

    @Mutation("commitOutcome")
    @Description("Tethers a milestone to a KPI: when the milestone is delivered, the KPI will reach the expected value by the due date. One commitment per milestone and KPI.")
    public @NonNull OutcomeCommitment commitOutcome(@NonNull @Valid @Name("commitment") NewCommitment commitment)
            throws CommitmentExistsException {
        return commitments.commitOutcome(commitment);
    }

    @Query("commitmentsById")
    @Description("Outcome commitments by id, in the order asked, null where an id names none. Also the batched entity resolver.")
    public @NonNull List<OutcomeCommitment> commitmentsById(@NonNull List<@NonNull String> id) {
        return commitments.commitmentsInOrder(id);
    }

    /**
     * Milestones belong to plan-service; entering this subgraph at one needs nothing but its key. SmallRye batches
     * entity resolution only through a query, so this one exists, hidden from clients (plan-service answers
     * milestonesById) and named apart so that the subgraphs compose.
     */
    @Query("milestoneReferences")
    @Inaccessible
    @Description("Milestone references for the ids, in the order asked: the batched entity resolver.")
    public @NonNull List<Milestone> milestoneReferences(@NonNull List<@NonNull String> id) {
        return id.stream().map(Milestone::new).toList();
    }

    /** KPIs belong to kpi-service; hidden and named apart for the same reasons as {@link #milestoneReferences}. */
    @Query("kpiReferences")
    @Inaccessible
    @Description("KPI references for the ids, in the order asked: the batched entity resolver.")
    public @NonNull List<Kpi> kpiReferences(@NonNull List<@NonNull String> id) {
        return id.stream().map(Kpi::new).toList();
    }
}
