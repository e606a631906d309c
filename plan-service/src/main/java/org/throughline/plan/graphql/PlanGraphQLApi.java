package org.throughline.plan.graphql;

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
import org.throughline.plan.Initiative;
import org.throughline.plan.Milestone;
import org.throughline.plan.service.InitiativeNotFoundException;
import org.throughline.plan.service.InvalidPlanException;
import org.throughline.plan.service.NewInitiative;
import org.throughline.plan.service.NewMilestone;
import org.throughline.plan.service.PlanService;

import java.util.List;

/** The plan subgraph: translates between GraphQL and {@link PlanService}, nothing more. */
@GraphQLApi
// v2.7: SmallRye declares @override with its label argument, which Apollo composition accepts from 2.7 on.
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = {
        @Import(name = "@key"), @Import(name = "@shareable"), @Import(name = "@external"),
        @Import(name = "@requires"), @Import(name = "@provides")})
public class PlanGraphQLApi {

    @Inject
    PlanService plan;

    @Query("initiatives")
    @Description("Every initiative, oldest first.")
    public @NonNull List<@NonNull Initiative> initiatives() {
        return plan.initiatives();
    }

    @Query("initiative")
    @Description("One initiative by id; an unknown id is an initiative-not-found error.")
    public Initiative initiative(@NonNull @Id String id) throws InitiativeNotFoundException {
        return plan.initiative(id).orElseThrow(() -> new InitiativeNotFoundException(id));
    }

    @Description("The milestones of the initiative, by baseline finish.")
    public List<@NonNull List<@NonNull Milestone>> milestones(@Source List<Initiative> initiatives) {
        return plan.milestonesOf(initiatives);
    }

    @Description("The initiative the milestone belongs to.")
    public List<@NonNull Initiative> initiative(@Source List<Milestone> milestones) {
        return plan.initiativesOf(milestones);
    }

    @Mutation("createInitiative")
    @Description("Opens a new initiative, ACTIVE from the start.")
    public @NonNull Initiative createInitiative(@NonNull @Valid @Name("initiative") NewInitiative initiative) {
        return plan.createInitiative(initiative);
    }

    @Mutation("addMilestone")
    @Description("Adds a milestone to an initiative; its baseline finish is fixed from now on.")
    public @NonNull Milestone addMilestone(@NonNull @Valid @Name("milestone") NewMilestone milestone)
            throws InitiativeNotFoundException, InvalidPlanException {
        return plan.addMilestone(milestone);
    }

    @Query("initiativesById")
    @Description("Initiatives by id, in the order asked, null where an id names none. Also the batched entity resolver.")
    public @NonNull List<Initiative> initiativesById(@NonNull List<@NonNull String> id) {
        return plan.initiativesInOrder(id);
    }

    @Query("milestonesById")
    @Description("Milestones by id, in the order asked, null where an id names none. Also the batched entity resolver.")
    public @NonNull List<Milestone> milestonesById(@NonNull List<@NonNull String> id) {
        return plan.milestonesInOrder(id);
    }
}
