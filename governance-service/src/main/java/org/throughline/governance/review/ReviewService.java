package org.throughline.governance.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.StaleStateException;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.governance.client.KpiFacts;
import org.throughline.governance.client.PlanFacts;
import org.throughline.governance.client.Upstream;
import org.throughline.governance.reference.Initiative;
import org.throughline.governance.reference.Person;
import org.throughline.governance.service.CommitmentNotFoundException;
import org.throughline.governance.service.CommitmentService;
import org.throughline.governance.service.KpiNotFoundException;
import org.throughline.governance.service.MilestoneNotFoundException;
import org.throughline.governance.service.ReasonRequiredException;
import org.throughline.governance.signal.SignalEngine;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.BatchedLoad;
import org.throughline.subgraph.ChangeRecorder;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.DatabaseClock;
import org.throughline.subgraph.EntityIds;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.RevisionRecord;
import org.throughline.subgraph.StoredJson;
import org.throughline.subgraph.VersionConflictException;
import org.throughline.subgraph.events.Outbox;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reviews: drafted with decisions and actions, published with a frozen snapshot, then only annotated or superseded.
 * Actions keep following the work after publication, each change a revision. "What did the board see at instant X"
 * has one answer: the review of the initiative published last at or before X, with its snapshot.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class ReviewService {

    private static final int TITLE_LENGTH = 200;
    private static final int SUMMARY_LENGTH = 500;
    private static final int TEXT_LENGTH = 2000;
    private static final int NOTE_LENGTH = 4000;
    private static final int AFFECTED_ITEMS = 100;
    /** The SQLSTATE of the database's refusal to change a published review's decisions or actions (V11). */
    private static final String PUBLISHED_MEANWHILE = "TLR01";

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    CurrentUser user;

    @Inject
    Upstream upstream;

    @Inject
    ReviewSnapshots snapshots;

    @Inject
    SignalEngine signals;

    @Inject
    CommitmentService commitments;

    @Inject
    Outbox outbox;

    // ----- reads -----

    @Transactional(Transactional.TxType.SUPPORTS)
    public Review review(String id) throws RejectedInputException {
        return Review.<Review>findByIdOptional(Inputs.id("id", id))
                .orElseThrow(() -> new ReviewNotFoundException("id", id));
    }

    /** The reviews of an initiative, the latest held first, drafts too. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Review> reviews(String initiativeId) throws BadInputException {
        return Review.list("initiativeId = ?1 order by heldOn desc, id desc",
                Inputs.canonicalId("initiativeId", initiativeId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<Review>> reviewsOf(List<Initiative> initiatives) {
        return BatchedLoad.childrenOf(initiatives.stream().map(i -> EntityIds.canonical(i.id)).toList(),
                found -> Review.list("initiativeId in ?1 order by heldOn desc, id desc", found),
                review -> review.initiativeId);
    }

    /** The review in force at the instant: the one published last at or before it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Review> reviewAsOf(String initiativeId, OffsetDateTime asOf) throws BadInputException {
        return Review.find("initiativeId = ?1 and publishedAt <= ?2 order by publishedAt desc, id desc",
                Inputs.canonicalId("initiativeId", initiativeId), Inputs.asOf("asOf", asOf)).firstResultOptional();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Review> reviewsInOrder(List<Long> ids) {
        return BatchedLoad.oneEach(ids, found -> Review.list("id in ?1", found), review -> review.id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ReviewSnapshot> snapshotsOf(List<Review> reviews) {
        return reviews.stream().map(review -> review.snapshotJson == null ? null
                : StoredJson.read(json, review.snapshotJson, ReviewSnapshot.class)).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<Decision>> decisionsOf(List<Review> reviews) {
        return BatchedLoad.childrenOf(reviews.stream().map(review -> review.id).toList(),
                found -> Decision.list("reviewId in ?1 order by id", found), decision -> decision.reviewId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<ReviewAction>> actionsOf(List<Review> reviews) {
        return BatchedLoad.childrenOf(reviews.stream().map(review -> review.id).toList(),
                found -> ReviewAction.list("reviewId in ?1 order by id", found), action -> action.reviewId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<Annotation>> annotationsOf(List<Review> reviews) {
        return BatchedLoad.childrenOf(reviews.stream().map(review -> review.id).toList(),
                found -> Annotation.list("reviewId in ?1 order by writtenAt, id", found),
                annotation -> annotation.reviewId);
    }

    /** The open actions of published reviews that each person is accountable for, soonest due first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<ReviewAction>> openActionsOf(List<Person> people) {
        return BatchedLoad.childrenOf(people.stream().map(person -> person.id).toList(),
                found -> ReviewAction.list("accountableOwner in ?1 and status in ?2 and reviewId in "
                                + "(select r.id from Review r where r.publishedAt is not null) order by dueOn, id",
                        found, Stream.of(ActionStatus.values()).filter(ActionStatus::isOpen).toList()),
                action -> action.accountableOwner);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<ActionRevision>> revisionsOf(List<ReviewAction> actions) {
        return BatchedLoad.childrenOf(actions.stream().map(action -> action.id).toList(),
                found -> RevisionRecord.decoded(json, ActionRevision.list("actionId in ?1 order by actionId, version",
                        found)), revision -> revision.actionId);
    }

    // ----- changes to drafts -----

    public Review createReview(NewReview input) throws RejectedInputException {
        String initiativeId = Inputs.canonicalId("review.initiativeId", input.initiativeId);
        Review review = new Review();
        review.initiativeId = initiativeId;
        review.title = Inputs.requiredText("review.title", input.title, TITLE_LENGTH);
        review.heldOn = Inputs.requiredDate("review.heldOn", input.heldOn);
        if (!upstream.initiatives(List.of(initiativeId)).containsKey(initiativeId)) {
            throw new InitiativeNotFoundException("review.initiativeId", initiativeId);
        }
        review.createdBy = user.id();
        review.createdAt = now();
        review.persist();
        announce(review, "ReviewDrafted", outbox.object().put("title", review.title)
                .put("heldOn", review.heldOn.toString()));
        return review;
    }

    public Review updateReview(String id, int version, ReviewChanges changes) throws RejectedInputException {
        Review review = draft(id, version, "Changing its title or date");
        if (changes.title != null) {
            review.title = Inputs.requiredText("changes.title", changes.title, TITLE_LENGTH);
        }
        if (changes.heldOn != null) {
            review.heldOn = Inputs.requiredDate("changes.heldOn", changes.heldOn);
        }
        flushed(review, version);
        announce(review, "ReviewChanged", outbox.object().put("title", review.title)
                .put("heldOn", review.heldOn.toString()));
        return review;
    }

    public Decision recordDecision(String reviewId, NewDecision input) throws RejectedInputException {
        Review review = draft(reviewId, null, "Recording a decision");
        Decision decision = new Decision();
        decision.reviewId = review.id;
        decision.summary = Inputs.requiredText("decision.summary", input.summary, SUMMARY_LENGTH);
        decision.rationale = Inputs.requiredText("decision.rationale", input.rationale, TEXT_LENGTH);
        decision.decidedById = Inputs.userId("decision.decidedBy", input.decidedBy);
        decision.affectedMilestoneIds = ids("decision.affectedMilestoneIds", input.affectedMilestoneIds);
        decision.affectedKpiIds = ids("decision.affectedKpiIds", input.affectedKpiIds);
        decision.affectedCommitmentIds = ids("decision.affectedCommitmentIds", input.affectedCommitmentIds)
                .stream().map(Long::valueOf).toList();
        Map<String, PlanFacts.Milestone> milestones = upstream.milestones(decision.affectedMilestoneIds);
        for (String milestoneId : decision.affectedMilestoneIds) {
            PlanFacts.Milestone milestone = milestones.get(milestoneId);
            if (milestone == null) {
                throw new MilestoneNotFoundException("decision.affectedMilestoneIds", milestoneId);
            }
            if (milestone.initiative == null || !review.initiativeId.equals(milestone.initiative.id)) {
                throw new InvalidReviewException("decision.affectedMilestoneIds", "Milestone " + milestoneId
                        + " belongs to another initiative than the one reviewed (" + review.initiativeId + ").");
            }
        }
        Map<String, KpiFacts.Kpi> kpis = upstream.kpis(decision.affectedKpiIds);
        for (String kpiId : decision.affectedKpiIds) {
            if (!kpis.containsKey(kpiId)) {
                throw new KpiNotFoundException("decision.affectedKpiIds", kpiId);
            }
        }
        List<OutcomeCommitment> affected = commitments.commitmentsByKeys(decision.affectedCommitmentIds);
        for (int i = 0; i < affected.size(); i++) {
            if (affected.get(i) == null) {
                throw new CommitmentNotFoundException("decision.affectedCommitmentIds",
                        decision.affectedCommitmentIds.get(i));
            }
        }
        decision.recordedBy = user.id();
        decision.recordedAt = now();
        whileDraft(review, "Recording a decision", decision::persist);
        entityManager.lock(review, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        announce(review, "DecisionRecorded", outbox.object().put("decisionId", decision.id.toString())
                .put("summary", decision.summary).put("decidedBy", decision.decidedById));
        return decision;
    }

    public Review removeDecision(String id) throws RejectedInputException {
        Decision decision = Decision.<Decision>findByIdOptional(Inputs.id("id", id))
                .orElseThrow(() -> new DecisionNotFoundException("id", id));
        Review review = draft(decision.reviewId.toString(), null, "Removing a decision");
        whileDraft(review, "Removing a decision", decision::delete);
        entityManager.lock(review, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        announce(review, "DecisionRemoved", outbox.object().put("decisionId", decision.id.toString()));
        return review;
    }

    public ReviewAction assignAction(String reviewId, NewAction input) throws RejectedInputException {
        Review review = draft(reviewId, null, "Assigning an action");
        ReviewAction action = new ReviewAction();
        action.reviewId = review.id;
        action.title = Inputs.requiredText("action.title", input.title, SUMMARY_LENGTH);
        action.accountableOwner = Inputs.userId("action.accountableOwner", input.accountableOwner);
        action.dueOn = Inputs.requiredDate("action.dueOn", input.dueOn);
        whileDraft(review, "Assigning an action", action::persist);
        entityManager.lock(review, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        announce(review, "ActionAssigned", actionDetails(action));
        return action;
    }

    public Review removeAction(String id) throws RejectedInputException {
        ReviewAction action = action(id);
        Review review = draft(action.reviewId.toString(), null, "Removing an action");
        whileDraft(review, "Removing an action", action::delete);
        entityManager.lock(review, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        announce(review, "ActionRemoved", outbox.object().put("actionId", action.id.toString()));
        return review;
    }

    /**
     * Changes an action. On a draft, anything may change; once its review is published, the title stays as assigned
     * and each change of owner, due date or status is a revision.
     */
    public ReviewAction updateAction(String id, int version, ActionChanges changes, String reason)
            throws RejectedInputException {
        ReviewAction action = action(id);
        if (action.version != version) {
            throw new VersionConflictException("ReviewAction", action.id, version, (long) action.version);
        }
        Review review = Review.findById(action.reviewId);
        String why = Inputs.optionalText("reason", reason, TEXT_LENGTH).orElse(null);
        ReviewAction.State before = action.state();
        if (changes.title != null) {
            String title = Inputs.requiredText("changes.title", changes.title, SUMMARY_LENGTH);
            if (review.isPublished() && !title.equals(action.title)) {
                throw new ReviewPublishedException("changes.title", review.id, review.publishedAt,
                        "rewording an action assigned at it");
            }
            action.title = title;
        }
        if (changes.accountableOwner != null) {
            action.accountableOwner = Inputs.userId("changes.accountableOwner", changes.accountableOwner);
        }
        if (changes.dueOn != null) {
            action.dueOn = Inputs.requiredDate("changes.dueOn", changes.dueOn);
        }
        if (changes.status != null) {
            action.status = changes.status;
        }
        try {
            if (review.isPublished()) {
                ChangeRecorder.record(entityManager, json, user.id(), action, before, action.state(), version,
                        () -> action.version).ifPresent(recorded -> {
                            ActionRevision revision = new ActionRevision();
                            revision.actionId = action.id;
                            revision.take(recorded, why);
                            revision.persist();
                        });
            } else {
                entityManager.flush();
                entityManager.lock(review, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
            }
            if (!before.equals(action.state())) {
                announce(review, "ActionChanged", actionDetails(action).put("reason", why));
            }
            return action;
        } catch (OptimisticLockException | StaleStateException e) {
            throw new VersionConflictException("ReviewAction", action.id, version, null);
        }
    }

    // ----- publishing, and what may follow it -----

    /**
     * Publishes the draft as read at the version given: signals are evaluated afresh, from the initiative, its
     * milestones and their KPIs read again (not the whole tenant: the review shows only these), the initiative's
     * figures are frozen into the snapshot, and the review is not edited again. A review that supersedes another
     * takes its place.
     */
    public Review publishReview(String id, int version) throws RejectedInputException {
        Review review = draft(id, version, "Publishing it again");
        PlanFacts.Initiative initiative = upstream.initiatives(List.of(review.initiativeId)).get(review.initiativeId);
        if (initiative == null) {
            throw new InitiativeNotFoundException("id", review.initiativeId);
        }
        List<String> milestoneIds = initiative.milestones.stream().map(milestone -> milestone.id).toList();
        signals.evaluateAround(initiative.id, milestoneIds, commitments.activeOfMilestones(milestoneIds).stream()
                .map(commitment -> commitment.kpiId).distinct().toList());
        List<ReviewAction> actions = ReviewAction.list("reviewId = ?1 order by id", review.id);
        String snapshot = StoredJson.write(json, snapshots.take(initiative, actions));
        // Read the clock first: its native query flushes, and the three are written together or not at all.
        OffsetDateTime publishedAt = now();
        review.snapshotJson = snapshot;
        review.publishedAt = publishedAt;
        review.publishedBy = user.id();
        flushed(review, version);
        if (review.supersedesId != null) {
            Review superseded = Review.findById(review.supersedesId, LockModeType.PESSIMISTIC_WRITE);
            if (superseded.supersededById != null) {
                throw new InvalidReviewException("id", "Review " + superseded.id + " was superseded by review "
                        + superseded.supersededById + " meanwhile; nothing was published.");
            }
            superseded.supersededById = review.id;
        }
        announce(review, "ReviewPublished", outbox.object().put("title", review.title)
                .put("publishedAt", publishedAt.toString()).put("supersedes",
                        review.supersedesId == null ? null : review.supersedesId.toString()));
        return review;
    }

    public Annotation annotateReview(String id, String note) throws RejectedInputException {
        Review review = review(id);
        if (!review.isPublished()) {
            throw new InvalidReviewException("id", "Review " + review.id + " is a draft: change it rather than "
                    + "annotate it.");
        }
        Annotation annotation = new Annotation();
        annotation.reviewId = review.id;
        annotation.note = Inputs.requiredText("note", note, NOTE_LENGTH);
        annotation.author = user.id();
        annotation.writtenAt = now();
        annotation.persist();
        announce(review, "ReviewAnnotated", outbox.object().put("annotationId", annotation.id.toString()));
        return annotation;
    }

    /**
     * Drafts the review that will supersede a published one once it is published itself: same initiative, title,
     * day and decisions, to be corrected. Actions stay with the review that assigned them and keep being followed.
     */
    public Review supersedeReview(String id, String reason) throws RejectedInputException {
        String why = Inputs.optionalText("reason", reason, TEXT_LENGTH)
                .orElseThrow(() -> new ReasonRequiredException("Superseding a review"));
        Review published = Review.<Review>findByIdOptional(Inputs.id("id", id), LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new ReviewNotFoundException("id", id));
        if (!published.isPublished()) {
            throw new InvalidReviewException("id", "Review " + published.id + " is a draft: change it rather than "
                    + "supersede it.");
        }
        if (published.supersededById != null) {
            throw new InvalidReviewException("id", "Review " + published.id + " was already superseded by review "
                    + published.supersededById + ".");
        }
        Optional<Review> drafted = Review.find("supersedesId", published.id).firstResultOptional();
        if (drafted.isPresent()) {
            throw new InvalidReviewException("id", "Review " + drafted.get().id + ", a draft, already supersedes "
                    + "review " + published.id + ": change and publish it.");
        }
        Review successor = new Review();
        successor.initiativeId = published.initiativeId;
        successor.title = published.title;
        successor.heldOn = published.heldOn;
        successor.supersedesId = published.id;
        successor.supersedeReason = why;
        successor.createdBy = user.id();
        successor.createdAt = now();
        successor.persist();
        OffsetDateTime at = now();
        for (Decision taken : Decision.<Decision>list("reviewId = ?1 order by id", published.id)) {
            Decision copy = new Decision();
            copy.reviewId = successor.id;
            copy.summary = taken.summary;
            copy.rationale = taken.rationale;
            copy.decidedById = taken.decidedById;
            copy.affectedMilestoneIds = taken.affectedMilestoneIds;
            copy.affectedKpiIds = taken.affectedKpiIds;
            copy.affectedCommitmentIds = taken.affectedCommitmentIds;
            copy.recordedBy = user.id();
            copy.recordedAt = at;
            copy.persist();
        }
        announce(successor, "ReviewDrafted", outbox.object().put("title", successor.title)
                .put("heldOn", successor.heldOn.toString()).put("supersedes", published.id.toString())
                .put("reason", why));
        return successor;
    }

    // ----- helpers -----

    /** The event of a change to a review (or to what it holds), in the outbox, in the change's transaction. */
    private void announce(Review review, String type, ObjectNode details) {
        outbox.append("Review", review.id.toString(), type, details.put("reviewId", review.id.toString())
                .put("initiativeId", review.initiativeId).put("by", user.id()));
    }

    private ObjectNode actionDetails(ReviewAction action) {
        return outbox.object().put("actionId", action.id.toString()).put("title", action.title)
                .put("accountableOwner", action.accountableOwner).put("dueOn", action.dueOn.toString())
                .put("status", action.status.name());
    }

    /** A draft review, at the version given when one is. */
    private Review draft(String id, Integer version, String what) throws RejectedInputException {
        Review review = review(id);
        if (review.isPublished()) {
            throw new ReviewPublishedException("id", review.id, review.publishedAt, what);
        }
        if (version != null && review.version != version) {
            throw new VersionConflictException("Review", review.id, version, (long) review.version);
        }
        return review;
    }

    /**
     * Writes a draft's decisions or actions, at once: a review published since the draft was read (by a publication
     * that committed meanwhile) is refused by the database (V11's SQLSTATE TLR01), and answered as review-published.
     */
    private void whileDraft(Review review, String what, Runnable write) throws ReviewPublishedException {
        try {
            write.run();
            entityManager.flush();
        } catch (PersistenceException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException refused && PUBLISHED_MEANWHILE.equals(refused.getSQLState())) {
                    throw new ReviewPublishedException("id", review.id, what);
                }
            }
            throw e;
        }
    }

    private ReviewAction action(String id) throws RejectedInputException {
        return ReviewAction.<ReviewAction>findByIdOptional(Inputs.id("id", id))
                .orElseThrow(() -> new ActionNotFoundException("id", id));
    }

    private Review flushed(Review review, int version) throws VersionConflictException {
        try {
            entityManager.flush();
            return review;
        } catch (OptimisticLockException | StaleStateException e) {
            throw new VersionConflictException("Review", review.id, version, null);
        }
    }

    private OffsetDateTime now() {
        return DatabaseClock.now(entityManager).atOffset(ZoneOffset.UTC);
    }

    /** Ids in canonical form, each once, in the order given; none when none are given. */
    private static List<String> ids(String field, List<String> given) throws BadInputException {
        if (given == null) {
            return List.of();
        }
        if (given.size() > AFFECTED_ITEMS) {
            throw new BadInputException(field, "may name at most " + AFFECTED_ITEMS + " items, it names " + given.size());
        }
        return new ArrayList<>(Inputs.canonicalIds(field, given));
    }
}
