package org.throughline.governance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.changeMilestone;
import static org.throughline.governance.GovernanceFixture.commitOutcome;
import static org.throughline.governance.GovernanceFixture.plan;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * Person ids are matched as Keycloak matches usernames: an owner, decider or signer given in any case is one person,
 * stored and shown in lower case, and found by any spelling, here and across the services.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
@WithTestResource(PlanAndKpiServices.class)
class PersonIdsTest {

    private static final String PERSON = """
            query Person($id: ID!) {
              person(id: $id) { id accountableCommitments { id accountableOwner } reviewActions { title } }
            }
            """;

    @ConfigProperty(name = PlanAndKpiServices.PLAN_URL)
    String planUrl;

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;

    @Test
    void commitmentsActionsAndDecisionsRecordedAsMixedCaseAreReadInLowerCase() {
        GovernanceFixture.Plan plan = plan(planUrl, "Case-blind commitments", "Case-blind cut-over");
        String kpi = GovernanceFixture.kpi(kpiUrl, "Case-blind turnaround", "LOWER_IS_BETTER", 20, 8, "head-of-sales");
        String commitment = commitOutcome(plan.milestones().get(0), kpi, 8, TODAY.plusDays(90), "Commit-Owner")
                .body("errors", nullValue()).extract().path("data.commitOutcome.id");
        String review = graphql("""
                mutation R($review: NewReview!) { createReview(review: $review) { id } }
                """, Map.of("review", variables("initiativeId", plan.initiative(), "title", "Case-blind steering",
                "heldOn", TODAY.toString())))
                .body("errors", nullValue()).extract().path("data.createReview.id");
        graphql("""
                mutation D($review: ID!) {
                  recordDecision(reviewId: $review, decision: { summary: "Keep the date", rationale: "Cheaper",
                                                                decidedBy: "CEO" }) { decidedBy { id } }
                  assignAction(reviewId: $review, action: { title: "Case-blind follow-up", accountableOwner: "Action-OWNER",
                                                            dueOn: "%s" }) { accountableOwner }
                }
                """.formatted(TODAY.plusDays(14)), Map.of("review", review))
                .body("errors", nullValue())
                .body("data.recordDecision.decidedBy.id", equalTo("ceo"))
                .body("data.assignAction.accountableOwner", equalTo("action-owner"));
        int version = graphql("query V($id: ID!) { review(id: $id) { version } }", Map.of("id", review))
                .extract().path("data.review.version");
        graphql("mutation P($id: ID!, $version: Int!) { publishReview(id: $id, version: $version) { id } }",
                Map.of("id", review, "version", version))
                .body("errors", nullValue());

        graphql(PERSON, Map.of("id", "commit-owner"))
                .body("errors", nullValue())
                .body("data.person.accountableCommitments.id", contains(commitment))
                .body("data.person.accountableCommitments.accountableOwner", contains("commit-owner"));
        graphql(PERSON, Map.of("id", "action-owner"))
                .body("data.person.reviewActions.title", contains("Case-blind follow-up"));
        graphql(PERSON, Map.of("id", "COMMIT-owner"))
                .body("data.person.id", equalTo("commit-owner"))
                .body("data.person.accountableCommitments.id", contains(commitment));
        graphql("""
                query People($reps: [_Any!]!) {
                  _entities(representations: $reps) { ... on Person { id accountableCommitments { id } } }
                }
                """, Map.of("reps", List.of(Map.of("__typename", "Person", "id", "Commit-Owner"))))
                .body("errors", nullValue())
                .body("data._entities[0].id", equalTo("commit-owner"))
                .body("data._entities[0].accountableCommitments.id", contains(commitment));
    }

    @Test
    @TestSecurity(user = "Case-Steward", roles = {"governance-lead", "kpi-steward"})
    void theOwnerOfAKpiRecordedInAnotherCaseSignsOffInTheirOwnNameSignedInUnderAThirdSpelling() {
        GovernanceFixture.Plan plan = plan(planUrl, "Case-blind sign-off", "Case-blind go-live");
        String milestone = plan.milestones().get(0);
        String kpi = GovernanceFixture.kpi(kpiUrl, "Case-blind win rate", "HIGHER_IS_BETTER", 20, 30, "CASE-STEWARD");
        String commitment = commitOutcome(milestone, kpi, 30, TODAY.plusDays(90), "coo")
                .body("errors", nullValue()).extract().path("data.commitOutcome.id");
        changeMilestone(planUrl, milestone, Map.of("stageGate", "IMPLEMENTED", "deliveryStatus", "DELIVERED"),
                "Went live in one step");

        graphql("""
                mutation SignOff($commitment: ID!) {
                  signOffEffect(commitmentId: $commitment, signedBy: "case-steward",
                                statement: "Win rate rose as promised") { signOff { signedBy { id } } }
                }
                """, Map.of("commitment", commitment))
                .body("errors", nullValue())
                .body("data.signOffEffect.signOff.signedBy.id", equalTo("case-steward"));
    }
}
