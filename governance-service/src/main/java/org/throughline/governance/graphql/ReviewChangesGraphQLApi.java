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
import org.throughline.governance.review.ActionChanges;
import org.throughline.governance.review.Annotation;
import org.throughline.governance.review.Decision;
import org.throughline.governance.review.NewAction;
import org.throughline.governance.review.NewDecision;
import org.throughline.governance.review.NewReview;
import org.throughline.governance.review.Review;
import org.throughline.governance.review.ReviewAction;
import org.throughline.governance.review.ReviewChanges;
import org.throughline.governance.review.ReviewService;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.Roles;

/**
 * Changes to reviews. A draft takes decisions and actions; publishing freezes it (review-published for any edit
 * afterwards); a published review is annotated, or superseded by a corrected one.
 */
@GraphQLApi
public class ReviewChangesGraphQLApi {

    private static final String VERSION = "The version read; a stale one is a version-conflict and nothing changes.";

    @Inject
    ReviewService reviews;

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("createReview")
    @Description("Drafts a review of an initiative that plan-service knows (initiative-not-found otherwise).")
    public @NonNull Review createReview(@NonNull @Name("review") NewReview review) throws RejectedInputException {
        return reviews.createReview(review);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("updateReview")
    @Description("Changes a draft's title or day; a published review is not edited (review-published).")
    public @NonNull Review updateReview(@NonNull @Id String id, @NonNull @Description(VERSION) Integer version,
                                        @NonNull @Name("changes") ReviewChanges changes) throws RejectedInputException {
        return reviews.updateReview(id, version, changes);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("recordDecision")
    @Description("Records a decision on a draft review. Affected milestones belong to the reviewed initiative "
            + "(invalid-review), affected KPIs and commitments exist (kpi-not-found, commitment-not-found).")
    public @NonNull Decision recordDecision(@NonNull @Id String reviewId, @NonNull @Name("decision") NewDecision decision)
            throws RejectedInputException {
        return reviews.recordDecision(reviewId, decision);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("removeDecision")
    @Description("Removes a decision from a draft review; a published review keeps its decisions (review-published).")
    public @NonNull Review removeDecision(@NonNull @Id String id) throws RejectedInputException {
        return reviews.removeDecision(id);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("assignAction")
    @Description("Assigns an action on a draft review, to one accountable owner, due on a date.")
    public @NonNull ReviewAction assignAction(@NonNull @Id String reviewId, @NonNull @Name("action") NewAction action)
            throws RejectedInputException {
        return reviews.assignAction(reviewId, action);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("removeAction")
    @Description("Removes an action from a draft review; a published review keeps its actions (review-published).")
    public @NonNull Review removeAction(@NonNull @Id String id) throws RejectedInputException {
        return reviews.removeAction(id);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("updateAction")
    @Description("Moves an action on: its status, a handover, a new due date, with an optional reason. Once the "
            + "review is published each change is a revision, and the title stays as assigned (review-published).")
    public @NonNull ReviewAction updateAction(@NonNull @Id String id, @NonNull @Description(VERSION) Integer version,
                                              @NonNull @Name("changes") ActionChanges changes, String reason)
            throws RejectedInputException {
        return reviews.updateAction(id, version, changes, reason);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("publishReview")
    @Description("Publishes a draft as read at the version given: signals are evaluated afresh and the initiative's "
            + "figures frozen into the snapshot, read live from plan-service and kpi-service (upstream-unavailable, "
            + "and nothing published, when one cannot answer). From then on the review is not edited.")
    public @NonNull Review publishReview(@NonNull @Id String id, @NonNull @Description(VERSION) Integer version)
            throws RejectedInputException {
        return reviews.publishReview(id, version);
    }

    @RolesAllowed({Roles.GOVERNANCE_LEAD, Roles.EXECUTIVE})
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD)), @PolicyGroup(@PolicyItem(Roles.EXECUTIVE))})
    @Mutation("annotateReview")
    @Description("Adds a note to a published review, kept as written.")
    public @NonNull Annotation annotateReview(@NonNull @Id String id, @NonNull String note)
            throws RejectedInputException {
        return reviews.annotateReview(id, note);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("supersedeReview")
    @Description("Drafts the correction of a published review, with the reason: same initiative, title, day and "
            + "decisions, to be changed and published. Once published it supersedes the earlier review, which stays "
            + "as it was published. Actions stay with the review that assigned them.")
    public @NonNull Review supersedeReview(@NonNull @Id String id, @NonNull String reason)
            throws RejectedInputException {
        return reviews.supersedeReview(id, reason);
    }
}
