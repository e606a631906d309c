package org.throughline.governance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.changeMilestone;
import static org.throughline.governance.GovernanceFixture.commit;
import static org.throughline.governance.GovernanceFixture.measure;
import static org.throughline.governance.GovernanceFixture.near;
import static org.throughline.governance.GovernanceFixture.plan;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * Reviews: drafted with decisions and actions, published with a frozen snapshot of the initiative's figures, then never
 * edited, only annotated or superseded; and what the board saw at any instant has exactly one answer.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
@WithTestResource(PlanAndKpiServices.class)
class ReviewTest {

    private static final String REVIEW_FIELDS = """
            id title heldOn status version publishedAt publishedBy supersedeReason
            initiative { id }
            decisions { summary rationale decidedBy { id } affectedMilestones { id } affectedKpis { id } affectedCommitments { id } }
            actions { id title accountableOwner dueOn status version overdue }
            annotations { note author }
            supersedes { id } supersededBy { id }
            snapshot {
              takenAt
              initiative { id name status accountableOwner }
              milestones { id title workstreamId deliveryStatus health stageGate baselineFinish forecastFinish slippageDays accountableOwner }
              commitments { id milestoneId kpiId expectedValue dueDate accountableOwner
                            outcome { expectedValueToday actualValue delta normalisedDelta realisation } }
              kpis { id name unit accountableOwner currentValue observedAt status }
              signals { kind severity subjectType subjectId message raisedAt }
              actions { id title accountableOwner dueOn status }
              outcomeRealisation { commitments measured realisation worstRealisation }
            }
            """;

    @ConfigProperty(name = PlanAndKpiServices.PLAN_URL)
    String planUrl;

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;

    @Inject
    DataSource dataSource;

    /** An initiative whose pricing cut-over reports GREEN while quote turnaround, tethered to it, runs far behind. */
    private record Story(GovernanceFixture.Plan plan, String cutOver, String turnaround, String commitment) {
    }

    private Story story(String name) {
        GovernanceFixture.Plan plan = plan(planUrl, name, "Pricing engine cut-over", "Data migration");
        String cutOver = plan.milestones().get(0);
        // Turnaround must fall from 20 to 8 hours over 200 days: 14 expected today, 34.5 measured.
        String turnaround = GovernanceFixture.kpi(kpiUrl, name + " turnaround", "LOWER_IS_BETTER", 20, 8, "head-of-sales");
        measure(kpiUrl, turnaround, 34.5, TODAY.minusDays(1));
        return new Story(plan, cutOver, turnaround, commit(cutOver, turnaround, 8, TODAY.plusDays(100)));
    }

    private static String createReview(String initiative, String title) {
        return graphql("""
                mutation R($review: NewReview!) { createReview(review: $review) { id status version } }
                """, Map.of("review", variables("initiativeId", initiative, "title", title, "heldOn", TODAY.toString())))
                .body("errors", nullValue()).body("data.createReview.status", equalTo("DRAFT"))
                .extract().path("data.createReview.id");
    }

    private static ValidatableResponse recordDecision(String review, Map<String, Object> decision) {
        return graphql("""
                mutation D($review: ID!, $decision: NewDecision!) { recordDecision(reviewId: $review, decision: $decision) { id } }
                """, variables("review", review, "decision", decision));
    }

    private static ValidatableResponse assignAction(String review, String title, String owner) {
        return graphql("""
                mutation A($review: ID!, $action: NewAction!) { assignAction(reviewId: $review, action: $action) { id version } }
                """, variables("review", review, "action",
                variables("title", title, "accountableOwner", owner, "dueOn", TODAY.plusDays(14).toString())));
    }

    private static JsonPath review(String id) {
        return graphql("query R($id: ID!) { review(id: $id) { " + REVIEW_FIELDS + " } }", Map.of("id", id))
                .body("errors", nullValue()).extract().jsonPath();
    }

    private static int version(String review) {
        return review(review).getInt("data.review.version");
    }

    private static ValidatableResponse publish(String review) {
        return graphql("""
                mutation P($id: ID!, $version: Int!) { publishReview(id: $id, version: $version) { id status publishedAt } }
                """, variables("id", review, "version", version(review)));
    }

    private static String publishedAt(String review) {
        return publish(review).body("errors", nullValue()).body("data.publishReview.status", equalTo("PUBLISHED"))
                .extract().path("data.publishReview.publishedAt");
    }

    private static ValidatableResponse reviewAsOf(String initiative, OffsetDateTime asOf) {
        return graphql("""
                query B($initiative: ID!, $asOf: DateTime!) {
                  reviewAsOf(initiativeId: $initiative, asOf: $asOf) { id status snapshot { kpis { currentValue } milestones { health } } }
                }
                """, variables("initiative", initiative, "asOf", asOf.toString())).body("errors", nullValue());
    }

    @Test
    void publishingFreezesTheInitiativesFiguresAsTheyWereWhileTheLiveOnesMoveOn() {
        Story story = story("Frozen programme");
        String review = createReview(story.plan().initiative(), "Steering committee");
        recordDecision(review, variables("summary", "Keep the pricing cut-over date", "rationale",
                "Delaying costs more than the manual workaround", "decidedBy", "ceo",
                "affectedMilestoneIds", List.of(story.cutOver()), "affectedKpiIds", List.of(story.turnaround()),
                "affectedCommitmentIds", List.of(story.commitment()))).body("errors", nullValue());
        assignAction(review, "Staff a pricing desk until the engine prices quotes", "head-of-sales")
                .body("errors", nullValue());
        String publishedAt = publishedAt(review);

        JsonPath published = review(review);
        assertEquals("PUBLISHED", published.getString("data.review.status"));
        assertEquals(publishedAt, published.getString("data.review.publishedAt"));
        assertEquals("Keep the pricing cut-over date", published.getString("data.review.decisions[0].summary"));
        assertEquals("ceo", published.getString("data.review.decisions[0].decidedBy.id"));
        assertEquals(List.of(story.cutOver()), published.getList("data.review.decisions[0].affectedMilestones.id"));
        assertEquals(List.of(story.commitment()), published.getList("data.review.decisions[0].affectedCommitments.id"));
        String snapshot = "data.review.snapshot.";
        assertEquals("Frozen programme", published.getString(snapshot + "initiative.name"));
        assertEquals(List.of(story.cutOver(), story.plan().milestones().get(1)),
                published.getList(snapshot + "milestones.id"));
        assertEquals("GREEN", published.getString(snapshot + "milestones[0].health"));
        assertEquals(34.5, published.getDouble(snapshot + "kpis[0].currentValue"), 1e-9);
        assertEquals("OFF_TRACK", published.getString(snapshot + "kpis[0].status"));
        // By hand: 14 expected today; delta 14 - 34.5 = -20.5; normalised -20.5 / (8 - 20) = 1.7083 behind.
        graphql("query R($id: ID!) { review(id: $id) { snapshot { commitments { outcome { expectedValueToday delta normalisedDelta realisation } } } } }",
                Map.of("id", review))
                .body("data.review.snapshot.commitments[0].outcome.expectedValueToday", near(14))
                .body("data.review.snapshot.commitments[0].outcome.delta", near(-20.5))
                .body("data.review.snapshot.commitments[0].outcome.normalisedDelta", near(20.5 / 12))
                .body("data.review.snapshot.commitments[0].outcome.realisation", near(1 - 20.5 / 12));
        assertTrue(published.getList(snapshot + "signals.kind").contains("PROGRESS_BIAS"),
                "signals evaluated afresh when publishing: " + published.getList(snapshot + "signals.kind"));
        assertEquals("UNTETHERED_MILESTONE", published.getList(snapshot + "signals.kind").stream()
                .filter("UNTETHERED_MILESTONE"::equals).findFirst().orElse(null));
        assertEquals(List.of("Staff a pricing desk until the engine prices quotes"),
                published.getList(snapshot + "actions.title"));

        // The world moves on: IT admits RED, turnaround recovers; the review still shows what the board saw.
        changeMilestone(planUrl, story.cutOver(), Map.of("health", "RED"), null);
        measure(kpiUrl, story.turnaround(), 12, TODAY);
        JsonPath later = review(review);
        assertEquals("GREEN", later.getString(snapshot + "milestones[0].health"));
        assertEquals(34.5, later.getDouble(snapshot + "kpis[0].currentValue"), 1e-9);
        assertEquals(published.getString(snapshot + "takenAt"), later.getString(snapshot + "takenAt"));
        graphql("""
                query Live($reps: [_Any!]!) { _entities(representations: $reps) { ... on OutcomeCommitment { outcome { actualValue } } } }
                """, Map.of("reps", List.of(Map.of("__typename", "OutcomeCommitment", "id", story.commitment()))))
                .body("data._entities[0].outcome.actualValue", near(12));
    }

    @Test
    void aPublishedReviewIsNotEditedOnlyAnnotatedAndItsActionsFollowTheWork() throws SQLException {
        Story story = story("Frozen edits programme");
        String review = createReview(story.plan().initiative(), "Steering committee");
        graphql("mutation N($id: ID!) { annotateReview(id: $id, note: \"Too early\") { id } }", Map.of("id", review))
                .body("errors[0].extensions.code", equalTo("invalid-review"));
        String action = assignAction(review, "Staff a pricing desk", "head-of-sales").extract()
                .path("data.assignAction.id");
        String decision = recordDecision(review, variables("summary", "Keep the date", "rationale", "Cheaper",
                "decidedBy", "ceo")).extract().path("data.recordDecision.id");
        publishedAt(review);

        graphql("""
                mutation U($id: ID!, $version: Int!) { updateReview(id: $id, version: $version, changes: { title: "Rewritten" }) { id } }
                """, variables("id", review, "version", version(review)))
                .body("errors[0].extensions.code", equalTo("review-published"))
                .body("errors[0].message", containsString("annotated"));
        recordDecision(review, variables("summary", "Afterthought", "rationale", "Hindsight", "decidedBy", "ceo"))
                .body("errors[0].extensions.code", equalTo("review-published"));
        assignAction(review, "Afterthought", "cio").body("errors[0].extensions.code", equalTo("review-published"));
        graphql("mutation X($id: ID!) { removeDecision(id: $id) { id } }", Map.of("id", decision))
                .body("errors[0].extensions.code", equalTo("review-published"));
        graphql("mutation X($id: ID!) { removeAction(id: $id) { id } }", Map.of("id", action))
                .body("errors[0].extensions.code", equalTo("review-published"));
        publish(review).body("errors[0].extensions.code", equalTo("review-published"));
        graphql("""
                mutation T($id: ID!) { updateAction(id: $id, version: 0, changes: { title: "Reworded" }) { id } }
                """, Map.of("id", action)).body("errors[0].extensions.code", equalTo("review-published"));

        graphql("""
                mutation T($id: ID!) {
                  updateAction(id: $id, version: 0, changes: { status: DONE, accountableOwner: "sales-ops" }, reason: "Desk staffed") {
                    status accountableOwner version revisions { version changedBy reason changes { field before after } }
                  }
                }
                """, Map.of("id", action)).body("errors", nullValue())
                .body("data.updateAction.status", equalTo("DONE"))
                .body("data.updateAction.revisions.reason", contains("Desk staffed"))
                .body("data.updateAction.revisions[0].changes.field", hasItem("status"));
        graphql("mutation N($id: ID!) { annotateReview(id: $id, note: \"The desk was staffed a week late\") { author } }",
                Map.of("id", review)).body("errors", nullValue());

        JsonPath after = review(review);
        assertEquals(List.of("The desk was staffed a week late"), after.getList("data.review.annotations.note"));
        assertEquals("OPEN", after.getString("data.review.snapshot.actions[0].status"), "the snapshot keeps the action as assigned");
        assertEquals("DONE", after.getString("data.review.actions[0].status"));
        assertEquals("Steering committee", after.getString("data.review.title"));

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("update review set title = 'Rewritten' where id = " + review));
            assertTrue(refused.getMessage().contains("was published and is not edited"), refused.getMessage());
            assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "update review set snapshot = '{}' where id = " + review));
            assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "delete from review_decision where id = " + decision));
        }
    }

    @Test
    void aDecisionRecordedWhileItsReviewIsBeingPublishedIsRefusedAsReviewPublished() throws Exception {
        Story story = story("Race programme");
        String review = createReview(story.plan().initiative(), "Steering committee");
        CompletableFuture<ValidatableResponse> recorded;
        try (Connection blocker = dataSource.getConnection(); Statement hold = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            // Governance reads the review as a draft, then its insert of the decision waits here ...
            hold.execute("lock table review_decision in share mode");
            recorded = CompletableFuture.supplyAsync(() -> recordDecision(review, variables("summary", "Keep the date",
                    "rationale", "Cheaper", "decidedBy", "ceo")));
            awaitInsertWaitingOn(blocker, "review_decision");
            // ... while a publication of the review commits.
            try (Connection publisher = dataSource.getConnection(); Statement publish = publisher.createStatement()) {
                publish.executeUpdate("update review set published_at = now(), published_by = 'cfo', snapshot = '{}'"
                        + " where id = " + review);
            }
            blocker.rollback();
        }
        recorded.get(60, TimeUnit.SECONDS)
                .body("errors[0].extensions.code", equalTo("review-published"))
                .body("errors[0].message", containsString("was published meanwhile"));
        graphql("query R($id: ID!) { review(id: $id) { decisions { id } } }", Map.of("id", review))
                .body("errors", nullValue()).body("data.review.decisions", hasSize(0));

        // The database says the same to anyone who tries, for a decision as for an action (it said
        // 'record "new" has no field "title"' for decisions before V11).
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> statement.executeUpdate("""
                    insert into review_decision (review_id, summary, rationale, decided_by, affected_milestone_ids,
                        affected_kpi_ids, affected_commitment_ids, recorded_by, recorded_at)
                    values (%s, 'Late', 'Late', 'ceo', '{}', '{}', '{}', 'ceo', now())""".formatted(review)));
            assertEquals("TLR01", refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("was published: its decisions and actions are not edited"),
                    refused.getMessage());
        }
    }

    /** Waits until another session's write to the table waits for the lock {@code holder} keeps on it. */
    private static void awaitInsertWaitingOn(Connection holder, String table) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Statement statement = holder.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet waiting = statement.executeQuery("select count(*) from pg_locks l join pg_class c"
                        + " on c.oid = l.relation where c.relname = '" + table + "' and not l.granted")) {
                    waiting.next();
                    if (waiting.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no write to " + table + " waited for the lock within 60 s");
    }

    @Test
    void whatTheBoardSawAtAnInstantHasExactlyOneAnswerAcrossASupersededReview() {
        Story story = story("Board programme");
        String initiative = story.plan().initiative();
        String first = createReview(initiative, "October board");
        recordDecision(first, variables("summary", "Hold the date", "rationale", "Cheaper", "decidedBy", "ceo"))
                .body("errors", nullValue());
        OffsetDateTime firstPublished = OffsetDateTime.parse(publishedAt(first));

        changeMilestone(planUrl, story.cutOver(), Map.of("health", "RED"), null);
        String correction = graphql("""
                mutation S($id: ID!) { supersedeReview(id: $id, reason: "IT reported GREEN; the cut-over was RED") { id status supersedes { id } } }
                """, Map.of("id", first)).body("errors", nullValue())
                .body("data.supersedeReview.status", equalTo("DRAFT"))
                .body("data.supersedeReview.supersedes.id", equalTo(first))
                .extract().path("data.supersedeReview.id");
        graphql("mutation S($id: ID!) { supersedeReview(id: $id, reason: \"Twice\") { id } }", Map.of("id", first))
                .body("errors[0].extensions.code", equalTo("invalid-review"));
        assertEquals(List.of("Hold the date"), review(correction).getList("data.review.decisions.summary"),
                "the correction starts from the decisions taken");
        OffsetDateTime correctionPublished = OffsetDateTime.parse(publishedAt(correction));

        reviewAsOf(initiative, firstPublished.minusNanos(1000)).body("data.reviewAsOf", nullValue());
        reviewAsOf(initiative, firstPublished).body("data.reviewAsOf.id", equalTo(first))
                .body("data.reviewAsOf.status", equalTo("SUPERSEDED"))
                .body("data.reviewAsOf.snapshot.milestones[0].health", equalTo("GREEN"));
        reviewAsOf(initiative, correctionPublished.minusNanos(1000)).body("data.reviewAsOf.id", equalTo(first));
        reviewAsOf(initiative, correctionPublished).body("data.reviewAsOf.id", equalTo(correction))
                .body("data.reviewAsOf.snapshot.milestones[0].health", equalTo("RED"));

        JsonPath superseded = review(first);
        assertEquals("SUPERSEDED", superseded.getString("data.review.status"));
        assertEquals(correction, superseded.getString("data.review.supersededBy.id"));
        assertEquals("GREEN", superseded.getString("data.review.snapshot.milestones[0].health"));
        assertEquals("IT reported GREEN; the cut-over was RED",
                review(correction).getString("data.review.supersedeReason"));
        graphql("mutation S($id: ID!) { supersedeReview(id: $id, reason: \"Again\") { id } }", Map.of("id", first))
                .body("errors[0].extensions.code", equalTo("invalid-review"))
                .body("errors[0].message", containsString("already superseded"));
    }

    @Test
    void aReviewRefusesWhatDoesNotBelongToItWithACode() {
        Story story = story("Refusing programme");
        GovernanceFixture.Plan other = plan(planUrl, "Someone else's programme", "Their milestone");
        graphql("""
                mutation R($review: NewReview!) { createReview(review: $review) { id } }
                """, Map.of("review", variables("initiativeId", "999999", "title", "Ghost", "heldOn", TODAY.toString())))
                .body("errors[0].extensions.code", equalTo("initiative-not-found"))
                .body("errors[0].extensions.field", equalTo("review.initiativeId"));
        String review = createReview(story.plan().initiative(), "Steering committee");
        recordDecision(review, variables("summary", "Move theirs", "rationale", "Why not", "decidedBy", "ceo",
                "affectedMilestoneIds", List.of(other.milestones().get(0))))
                .body("errors[0].extensions.code", equalTo("invalid-review"))
                .body("errors[0].extensions.field", equalTo("decision.affectedMilestoneIds"));
        recordDecision(review, variables("summary", "Move a ghost", "rationale", "Why not", "decidedBy", "ceo",
                "affectedKpiIds", List.of("999999")))
                .body("errors[0].extensions.code", equalTo("kpi-not-found"));
        recordDecision(review, variables("summary", "  ", "rationale", "Why not", "decidedBy", "ceo"))
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("decision.summary"));
        assertTrue(review(review).getList("data.review.decisions").isEmpty(), "nothing refused was recorded");

        int read = version(review);
        assignAction(review, "Staff a pricing desk", "head-of-sales").body("errors", nullValue());
        graphql("""
                mutation P($id: ID!, $version: Int!) { publishReview(id: $id, version: $version) { id } }
                """, variables("id", review, "version", read))
                .body("errors[0].extensions.code", equalTo("version-conflict"));
        assertEquals("DRAFT", review(review).getString("data.review.status"),
                "a publisher who did not see the last action publishes nothing");
    }

    @Test
    void aPersonSeesTheOpenActionsOfPublishedReviewsTheyAreAccountableFor() {
        Story story = story("Actions programme");
        String draft = createReview(story.plan().initiative(), "Draft only");
        assignAction(draft, "Not assigned until published", "sales-lead").body("errors", nullValue());
        String review = createReview(story.plan().initiative(), "Steering committee");
        assignAction(review, "Staff a pricing desk", "sales-lead").body("errors", nullValue());
        String done = assignAction(review, "Brief the account managers", "sales-lead")
                .extract().path("data.assignAction.id");
        publishedAt(review);
        graphql("mutation T($id: ID!) { updateAction(id: $id, version: 0, changes: { status: DONE }) { status } }",
                Map.of("id", done)).body("errors", nullValue());

        graphql("""
                query P { person(id: "sales-lead") { reviewActions { title status overdue review { title } } } }
                """, Map.of()).body("errors", nullValue())
                .body("data.person.reviewActions.title", contains("Staff a pricing desk"))
                .body("data.person.reviewActions[0].overdue", equalTo(false))
                .body("data.person.reviewActions[0].review.title", equalTo("Steering committee"));
        graphql("""
                query I($reps: [_Any!]!) { _entities(representations: $reps) { ... on Initiative { reviews { title status } } } }
                """, Map.of("reps", List.of(Map.of("__typename", "Initiative", "id", story.plan().initiative()))))
                .body("errors", nullValue())
                .body("data._entities[0].reviews.status", hasItem("PUBLISHED"))
                .body("data._entities[0].reviews.status", hasItem("DRAFT"));
    }
}
