package org.throughline.governance.graphql;

import io.smallrye.graphql.api.Nullable;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.reference.Initiative;
import org.throughline.governance.reference.Person;
import org.throughline.governance.review.ActionRevision;
import org.throughline.governance.review.Annotation;
import org.throughline.governance.review.Decision;
import org.throughline.governance.review.Review;
import org.throughline.governance.review.ReviewAction;
import org.throughline.governance.review.ReviewService;
import org.throughline.governance.review.ReviewSnapshot;
import org.throughline.governance.service.CommitmentService;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.RejectedInputException;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reviews as read: by id, by initiative, in force at an instant, and their parts, each list field batched. */
@GraphQLApi
public class ReviewGraphQLApi {

    @Inject
    ReviewService reviews;

    @Inject
    CommitmentService commitments;

    @Query("review")
    @Description("One review by id; an unknown id is a review-not-found error.")
    public Review review(@NonNull @Id String id) throws RejectedInputException {
        return reviews.review(id);
    }

    // @Nullable: SmallRye reads the elements' @NonNull as the list's own, which would make the root field non-null.
    @Query("reviews")
    @Description("The reviews of an initiative, drafts too, the latest held first.")
    public @Nullable List<@NonNull Review> reviews(@NonNull @Id String initiativeId) throws BadInputException {
        return reviews.reviews(initiativeId);
    }

    @Query("reviewAsOf")
    @Description("What the board saw at an instant: the initiative's review published last at or before it, with the "
            + "snapshot it froze; null when none was published by then. A review superseded later still answers for "
            + "the instants before its successor was published.")
    public Review reviewAsOf(@NonNull @Id String initiativeId, @NonNull OffsetDateTime asOf) throws BadInputException {
        return reviews.reviewAsOf(initiativeId, asOf).orElse(null);
    }

    // ----- fields, each batched over all parents -----

    @Name("reviews")
    @Description("The governance reviews of the initiative, drafts too, the latest held first.")
    public List<List<@NonNull Review>> reviewsOfInitiatives(@Source List<Initiative> initiatives) {
        return reviews.reviewsOf(initiatives);
    }

    @Name("reviewActions")
    @Description("The open actions of published reviews this person is accountable for, soonest due first.")
    public List<List<@NonNull ReviewAction>> reviewActions(@Source List<Person> people) {
        return reviews.openActionsOf(people);
    }

    @Description("The initiative's figures as frozen when the review was published; null for a draft.")
    public List<ReviewSnapshot> snapshot(@Source List<Review> batch) {
        return reviews.snapshotsOf(batch);
    }

    @Description("The decisions taken at the review, in the order recorded.")
    public List<@NonNull List<@NonNull Decision>> decisions(@Source List<Review> batch) {
        return reviews.decisionsOf(batch);
    }

    @Description("The actions assigned at the review, in the order assigned, as they stand now.")
    public List<@NonNull List<@NonNull ReviewAction>> actions(@Source List<Review> batch) {
        return reviews.actionsOf(batch);
    }

    @Description("Notes added to the review after it was published, oldest first.")
    public List<@NonNull List<@NonNull Annotation>> annotations(@Source List<Review> batch) {
        return reviews.annotationsOf(batch);
    }

    @Description("The earlier review this one supersedes, if any.")
    public List<Review> supersedes(@Source List<Review> batch) {
        return reviews.reviewsInOrder(batch.stream().map(review -> review.supersedesId).toList());
    }

    @Description("The later review that superseded this one, if any.")
    public List<Review> supersededBy(@Source List<Review> batch) {
        return reviews.reviewsInOrder(batch.stream().map(review -> review.supersededById).toList());
    }

    @Description("The review the action was assigned at.")
    public List<@NonNull Review> review(@Source List<ReviewAction> batch) {
        return reviews.reviewsInOrder(batch.stream().map(action -> action.reviewId).toList());
    }

    @Description("Every change to the action since its review was published, oldest first.")
    public List<@NonNull List<@NonNull ActionRevision>> revisions(@Source List<ReviewAction> batch) {
        return reviews.revisionsOf(batch);
    }

    @Description("The outcome commitments the decision affects.")
    public List<@NonNull List<@NonNull OutcomeCommitment>> affectedCommitments(@Source List<Decision> batch) {
        List<Long> keys = batch.stream().flatMap(decision -> decision.affectedCommitmentIds.stream()).toList();
        List<OutcomeCommitment> found = commitments.commitmentsByKeys(keys);
        List<List<OutcomeCommitment>> affected = new ArrayList<>();
        int next = 0;
        for (Decision decision : batch) {
            affected.add(found.subList(next, next + decision.affectedCommitmentIds.size()).stream()
                    .filter(Objects::nonNull).toList());
            next += decision.affectedCommitmentIds.size();
        }
        return affected;
    }
}
