package org.throughline.plan.graphql;

import io.smallrye.graphql.api.federation.Inaccessible;
import io.smallrye.graphql.api.federation.Shareable;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.throughline.plan.Initiative;
import org.throughline.plan.Milestone;
import org.throughline.plan.Person;
import org.throughline.plan.Workstream;
import org.throughline.plan.revision.PlanRevision;
import org.throughline.plan.service.InitiativeFilter;
import org.throughline.plan.service.InitiativeNotFoundException;
import org.throughline.plan.service.MilestoneFilter;
import org.throughline.plan.service.MilestoneNotFoundException;
import org.throughline.plan.service.PlanService;
import org.throughline.plan.service.WorkstreamFilter;
import org.throughline.plan.service.WorkstreamNotFoundException;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.DirectoryUnavailableException;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.People;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The plan subgraph's reads: translates between GraphQL and {@link PlanService}, nothing more. Root queries are
 * nullable, so that through the gateway a plan-service that cannot answer nulls its own root fields, not the other
 * services' data beside them.
 */
@GraphQLApi
// v2.7: SmallRye declares @override with its label argument, which Apollo composition accepts from 2.7 on.
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = {
        @Import(name = "@key"), @Import(name = "@shareable"), @Import(name = "@external"),
        @Import(name = "@requires"), @Import(name = "@provides")})
public class PlanGraphQLApi {

    private static final String AS_OF = "The plan as it stood at this instant; everything beneath answers for it too.";

    @Inject
    PlanService plan;

    @Inject
    People people;

    // ----- root queries -----

    @Query("initiatives")
    @Description("Initiatives by id, a page at a time (first: 1 to 500, 50 when not given).")
    public InitiativeConnection initiatives(InitiativeFilter filter, Integer first, String after,
                                            @Description(AS_OF) OffsetDateTime asOf) throws BadInputException {
        return new InitiativeConnection(plan.initiatives(filter, asOf, first, after));
    }

    @Query("initiative")
    @Description("One initiative by id; an unknown id is an initiative-not-found error.")
    public Initiative initiative(@NonNull @Id String id, @Description(AS_OF) OffsetDateTime asOf)
            throws InitiativeNotFoundException, BadInputException {
        return plan.initiative(id, asOf).orElseThrow(() -> new InitiativeNotFoundException("id", id));
    }

    @Query("workstreams")
    @Description("Workstreams by id, a page at a time (first: 1 to 500, 50 when not given).")
    public WorkstreamConnection workstreams(WorkstreamFilter filter, Integer first, String after,
                                            @Description(AS_OF) OffsetDateTime asOf) throws BadInputException {
        return new WorkstreamConnection(plan.workstreams(filter, asOf, first, after));
    }

    @Query("workstream")
    @Description("One workstream by id; an unknown id is a workstream-not-found error.")
    public Workstream workstream(@NonNull @Id String id, @Description(AS_OF) OffsetDateTime asOf)
            throws WorkstreamNotFoundException, BadInputException {
        return plan.workstream(id, asOf).orElseThrow(() -> new WorkstreamNotFoundException("id", id));
    }

    @Query("milestones")
    @Description("Milestones by baseline finish, a page at a time (first: 1 to 500, 50 when not given).")
    public MilestoneConnection milestones(MilestoneFilter filter, Integer first, String after,
                                          @Description(AS_OF) OffsetDateTime asOf) throws BadInputException {
        return new MilestoneConnection(plan.milestones(filter, asOf, first, after));
    }

    @Query("milestone")
    @Description("One milestone by id; an unknown id is a milestone-not-found error.")
    public Milestone milestone(@NonNull @Id String id, @Description(AS_OF) OffsetDateTime asOf)
            throws MilestoneNotFoundException, BadInputException {
        return plan.milestone(id, asOf).orElseThrow(() -> new MilestoneNotFoundException("id", id));
    }

    @Query("person")
    @Shareable
    @Description(People.PERSON_QUERY)
    public Person person(@NonNull @Id String id) throws BadInputException {
        return new Person(Inputs.userId("id", id));
    }

    // ----- fields, each batched over all parents -----

    @Name("workstreams")
    @Description("The workstreams of the initiative, by id.")
    public List<@NonNull List<@NonNull Workstream>> workstreamsOfInitiatives(@Source List<Initiative> initiatives) {
        return plan.workstreamsOf(initiatives);
    }

    @Name("milestones")
    @Description("The milestones of the initiative, by baseline finish.")
    public List<@NonNull List<@NonNull Milestone>> milestonesOfInitiatives(@Source List<Initiative> initiatives) {
        return plan.milestonesOfInitiatives(initiatives);
    }

    @Name("milestones")
    @Description("The milestones of the workstream, by baseline finish.")
    public List<@NonNull List<@NonNull Milestone>> milestonesOfWorkstreams(@Source List<Workstream> workstreams) {
        return plan.milestonesOfWorkstreams(workstreams);
    }

    @Name("initiative")
    @Description("The initiative the workstream belongs to.")
    public List<@NonNull Initiative> initiativeOfWorkstreams(@Source List<Workstream> workstreams) {
        return plan.initiativesOf(workstreams);
    }

    @Name("initiative")
    @Description("The initiative the milestone belongs to.")
    public List<@NonNull Initiative> initiativeOfMilestones(@Source List<Milestone> milestones) {
        return plan.initiativesOf(milestones);
    }

    @Name("workstream")
    @Description("The workstream the milestone belongs to.")
    public List<@NonNull Workstream> workstreamOfMilestones(@Source List<Milestone> milestones) {
        return plan.workstreamsOfMilestones(milestones);
    }

    @Name("dependsOn")
    @Description("The milestones this one cannot finish before, by baseline finish.")
    public List<@NonNull List<@NonNull Milestone>> dependsOn(@Source List<Milestone> milestones) {
        return plan.dependenciesOf(milestones);
    }

    @Name("dependents")
    @Description("The milestones that wait for this one, by baseline finish.")
    public List<@NonNull List<@NonNull Milestone>> dependents(@Source List<Milestone> milestones) {
        return plan.dependentsOf(milestones);
    }

    @Name("revisions")
    @Description("Every change to the initiative, oldest first.")
    public List<@NonNull List<@NonNull PlanRevision>> revisionsOfInitiatives(@Source List<Initiative> initiatives) {
        return plan.revisionsOf(initiatives);
    }

    @Name("revisions")
    @Description("Every change to the workstream, oldest first.")
    public List<@NonNull List<@NonNull PlanRevision>> revisionsOfWorkstreams(@Source List<Workstream> workstreams) {
        return plan.revisionsOf(workstreams);
    }

    @Name("revisions")
    @Description("Every change to the milestone, oldest first.")
    public List<@NonNull List<@NonNull PlanRevision>> revisionsOfMilestones(@Source List<Milestone> milestones) {
        return plan.revisionsOf(milestones);
    }

    @Name("displayName")
    @Description("The person's name as the realm shows it (\"Farid Okafor\"); null for an id the realm does not know.")
    public String displayName(@Source Person person) throws DirectoryUnavailableException {
        return people.displayName(person.id);
    }

    // Every service adds to Person: what this one adds is nullable, so that with plan-service down a person query
    // still answers with what the other services hold.
    @Name("accountableInitiatives")
    @Description("The initiatives this person is accountable for.")
    public List<List<@NonNull Initiative>> accountableInitiatives(@Source List<Person> people) {
        return plan.initiativesAccountableOf(people);
    }

    @Name("accountableWorkstreams")
    @Description("The workstreams this person is accountable for.")
    public List<List<@NonNull Workstream>> accountableWorkstreams(@Source List<Person> people) {
        return plan.workstreamsAccountableOf(people);
    }

    @Name("accountableMilestones")
    @Description("The milestones this person is accountable for, by baseline finish.")
    public List<List<@NonNull Milestone>> accountableMilestones(@Source List<Person> people) {
        return plan.milestonesAccountableOf(people);
    }

    // ----- entity resolvers: SmallRye batches _entities only through queries, so these exist, hidden from clients -----

    @Query("initiativesById")
    @Inaccessible
    @Description("Initiatives by id, in the order asked, null where an id names none: the batched entity resolver.")
    public @NonNull List<Initiative> initiativesById(@NonNull List<@NonNull String> id) {
        return plan.initiativesInOrder(id);
    }

    @Query("workstreamsById")
    @Inaccessible
    @Description("Workstreams by id, in the order asked, null where an id names none: the batched entity resolver.")
    public @NonNull List<Workstream> workstreamsById(@NonNull List<@NonNull String> id) {
        return plan.workstreamsInOrder(id);
    }

    @Query("milestonesById")
    @Inaccessible
    @Description("Milestones by id, in the order asked, null where an id names none: the batched entity resolver.")
    public @NonNull List<Milestone> milestonesById(@NonNull List<@NonNull String> id) {
        return plan.milestonesInOrder(id);
    }

    @Query("planPeopleById")
    @Inaccessible
    @Description("People by user id, in the order asked: the batched entity resolver. Every subgraph that knows "
            + "Person has one, so each names it apart to compose.")
    public @NonNull List<Person> planPeopleById(@NonNull List<@NonNull String> id) {
        return id.stream().map(Person::new).toList();
    }
}
