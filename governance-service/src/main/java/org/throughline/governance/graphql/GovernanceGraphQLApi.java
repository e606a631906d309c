package org.throughline.governance.graphql;

import io.smallrye.graphql.api.Nullable;
import io.smallrye.graphql.api.federation.Inaccessible;
import io.smallrye.graphql.api.federation.Shareable;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.throughline.governance.CommitmentRevision;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.UpstreamUnavailableException;
import org.throughline.governance.outcome.OutcomeDelta;
import org.throughline.governance.outcome.OutcomeRealisation;
import org.throughline.governance.outcome.OutcomeService;
import org.throughline.governance.reference.Initiative;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;
import org.throughline.governance.reference.Person;
import org.throughline.governance.reference.Workstream;
import org.throughline.governance.service.CommitmentNotFoundException;
import org.throughline.governance.service.CommitmentService;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.People;

import java.util.List;

/**
 * The governance subgraph's reads: translates between GraphQL and the services, nothing more. Fields it adds to other
 * services' types are nullable, so that when governance cannot answer, their owners' data still reaches the client;
 * so are its root queries (here, in ReviewGraphQLApi and SignalsGraphQLApi), so that it nulls only its own root fields
 * beside the other services'.
 */
@GraphQLApi
// v2.7: SmallRye declares @override with its label argument, which Apollo composition accepts from 2.7 on.
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = {
        @Import(name = "@key"), @Import(name = "@shareable"), @Import(name = "@external"),
        @Import(name = "@requires"), @Import(name = "@provides")})
public class GovernanceGraphQLApi {

    @Inject
    CommitmentService commitments;

    @Inject
    OutcomeService outcomes;

    // @Nullable: SmallRye reads the elements' @NonNull as the list's own, which would make the root field non-null.
    @Query("commitments")
    @Description("The active outcome commitments, soonest due first; withdrawn ones too when asked.")
    public @Nullable List<@NonNull OutcomeCommitment> commitments(@DefaultValue("false") boolean includeWithdrawn) {
        return commitments.commitments(includeWithdrawn);
    }

    @Query("commitment")
    @Description("One outcome commitment by id, active or withdrawn; an unknown id is a commitment-not-found error.")
    public OutcomeCommitment commitment(@NonNull @Id String id) throws CommitmentNotFoundException, BadInputException {
        return commitments.commitment(id).orElseThrow(() -> new CommitmentNotFoundException("id", id));
    }

    @Query("person")
    @Shareable
    @Description(People.PERSON_QUERY)
    public Person person(@NonNull @Id String id) throws BadInputException {
        return new Person(Inputs.userId("id", id));
    }

    // ----- fields, each batched over all parents -----

    @Name("commitments")
    @Description("The active outcome commitments that tether the milestone to KPIs, soonest due first.")
    public List<List<@NonNull OutcomeCommitment>> commitmentsOfMilestones(@Source List<Milestone> milestones) {
        return commitments.commitmentsOfMilestones(milestones);
    }

    @Name("commitments")
    @Description("The active outcome commitments that expect milestones to move the KPI, soonest due first.")
    public List<List<@NonNull OutcomeCommitment>> commitmentsOfKpis(@Source List<Kpi> kpis) {
        return commitments.commitmentsOfKpis(kpis);
    }

    @Name("accountableCommitments")
    @Description("The active outcome commitments this person is accountable for.")
    public List<List<@NonNull OutcomeCommitment>> accountableCommitments(@Source List<Person> people) {
        return commitments.commitmentsAccountableOf(people);
    }

    @Description("How far the KPI is from where this commitment said it would be today, from kpi-service's live values.")
    public List<OutcomeDelta> outcome(@Source List<OutcomeCommitment> batch) throws UpstreamUnavailableException {
        return outcomes.deltasOf(batch);
    }

    @Description("The commitment's making, every amendment and its withdrawal, oldest first.")
    public List<@NonNull List<@NonNull CommitmentRevision>> revisions(@Source List<OutcomeCommitment> batch) {
        return commitments.revisionsOf(batch);
    }

    @Name("outcomeRealisation")
    @Description("How much of what the milestone's commitments promised for today is realised.")
    public List<OutcomeRealisation> realisationOfMilestones(@Source List<Milestone> milestones)
            throws UpstreamUnavailableException {
        return outcomes.realisationOfMilestones(milestones);
    }

    @Name("outcomeRealisation")
    @Description("How much of what the commitments of the workstream's milestones promised for today is realised.")
    public List<OutcomeRealisation> realisationOfWorkstreams(@Source List<Workstream> workstreams)
            throws UpstreamUnavailableException {
        return outcomes.realisationOfWorkstreams(workstreams);
    }

    @Name("outcomeRealisation")
    @Description("How much of what the commitments of the initiative's milestones promised for today is realised.")
    public List<OutcomeRealisation> realisationOfInitiatives(@Source List<Initiative> initiatives)
            throws UpstreamUnavailableException {
        return outcomes.realisationOfInitiatives(initiatives);
    }

    // ----- entity resolvers: SmallRye batches _entities only through queries, so these exist, hidden from clients.
    // Each is named apart from the owning subgraph's resolver for the same type, so that the subgraphs compose.

    @Query("commitmentsById")
    @Inaccessible
    @Description("Outcome commitments by id, in the order asked, null where an id names none: the batched entity resolver.")
    public @NonNull List<OutcomeCommitment> commitmentsById(@NonNull List<@NonNull String> id) {
        return commitments.commitmentsInOrder(id);
    }

    @Query("milestoneReferences")
    @Inaccessible
    @Description("Milestone references for the ids, in the order asked: the batched entity resolver.")
    public @NonNull List<Milestone> milestoneReferences(@NonNull List<@NonNull String> id) {
        return id.stream().map(Milestone::new).toList();
    }

    @Query("kpiReferences")
    @Inaccessible
    @Description("KPI references for the ids, in the order asked: the batched entity resolver.")
    public @NonNull List<Kpi> kpiReferences(@NonNull List<@NonNull String> id) {
        return id.stream().map(Kpi::new).toList();
    }

    @Query("workstreamReferences")
    @Inaccessible
    @Description("Workstream references for the ids, in the order asked: the batched entity resolver.")
    public @NonNull List<Workstream> workstreamReferences(@NonNull List<@NonNull String> id) {
        return id.stream().map(Workstream::new).toList();
    }

    @Query("initiativeReferences")
    @Inaccessible
    @Description("Initiative references for the ids, in the order asked: the batched entity resolver.")
    public @NonNull List<Initiative> initiativeReferences(@NonNull List<@NonNull String> id) {
        return id.stream().map(Initiative::new).toList();
    }

    @Query("governancePeopleById")
    @Inaccessible
    @Description("People by user id, in the order asked: the batched entity resolver.")
    public @NonNull List<Person> governancePeopleById(@NonNull List<@NonNull String> id) {
        return id.stream().map(Person::new).toList();
    }
}
