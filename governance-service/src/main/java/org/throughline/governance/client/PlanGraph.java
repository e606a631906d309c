package org.throughline.governance.client;

import io.smallrye.graphql.client.typesafe.api.Header;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import java.util.List;

/**
 * plan-service's GraphQL API as governance uses it, called on plan-service itself (its batched resolvers are hidden
 * from the gateway's clients, not from the services of the platform). Every method answers a whole batch.
 */
@Header(name = "Authorization", method = "org.throughline.governance.client.ServiceAccount.authorization")
public interface PlanGraph {

    @Query("milestonesById")
    List<PlanFacts.Milestone> milestonesById(@NonNull @Name("id") List<@NonNull String> ids);

    @Query("initiativesById")
    List<PlanFacts.Initiative> initiativesById(@NonNull @Name("id") List<@NonNull String> ids);

    /** The same initiatives, with the facts the signals need of them. */
    @Query("initiativesById")
    List<PlanFacts.InitiativeSummary> initiativeSummariesById(@NonNull @Name("id") List<@NonNull String> ids);

    @Query("workstreamsById")
    List<PlanFacts.Workstream> workstreamsById(@NonNull @Name("id") List<@NonNull String> ids);

    /** A page of every milestone of the plan, by baseline finish. */
    @Query("milestones")
    PlanFacts.MilestonePage milestones(Integer first, String after);

    /** A page of every initiative. */
    @Query("initiatives")
    PlanFacts.InitiativePage initiatives(Integer first, String after);

    /** The seam reserved for governance: the effect of an implemented milestone is proven. */
    @Mutation("proveMilestoneEffect")
    PlanFacts.Milestone proveMilestoneEffect(@NonNull @Id String id, int version, @NonNull String evidence);
}
