package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.plan.PlanFixture.addMilestone;
import static org.throughline.plan.PlanFixture.addWorkstream;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.plan.PlanFixture.updateMilestone;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/** Inputs are checked where they enter: each refusal has a code, names the field, and never echoes a huge value. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class InputValidationTest {

    private static final String NEW_MILESTONE = """
            mutation Add($milestone: NewMilestone!) { addMilestone(milestone: $milestone) { id } }
            """;

    private static Map<String, Object> milestone(String lane, Object... overrides) {
        Map<String, Object> input = variables("workstreamId", lane, "title", "Valid title",
                "baselineFinish", "2026-06-01", "accountableOwner", "it-lead");
        for (int i = 0; i < overrides.length; i += 2) {
            input.put((String) overrides[i], overrides[i + 1]);
        }
        return Map.of("milestone", input);
    }

    @Test
    void anIdThatIsNotAnIdIsBadInputNamingTheField() {
        graphql("query { initiative(id: \"abc\") { name } }", Map.of())
                .body("data.initiative", nullValue())
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("id"))
                .body("errors[0].message", containsString("is not an id"));
        String lane = addWorkstream(createInitiative("Ids", "cio"), "Lane", "IT", "it-lead");
        String id = addMilestone(lane, "Normalised", "2026-06-01", null, "it-lead");
        graphql("query Padded($id: ID!) { milestone(id: $id) { id title } }", Map.of("id", " 0" + id + " "))
                .body("errors", nullValue())
                .body("data.milestone.id", equalTo(id))
                .body("data.milestone.title", equalTo("Normalised"));
        graphql(NEW_MILESTONE, milestone("lane-7"))
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("workstreamId"));
        graphql("query { milestones(filter: { initiativeId: \"-1\" }) { totalCount } }", Map.of())
                .body("errors[0].extensions.field", equalTo("filter.initiativeId"));
    }

    @Test
    void datesOutsideThePlanningWindowAreRefused() {
        String lane = addWorkstream(createInitiative("Dates", "cio"), "Lane", "IT", "it-lead");
        graphql(NEW_MILESTONE, milestone(lane, "baselineFinish", "1900-01-01"))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("baselineFinish"))
                .body("errors[0].message", containsString("2000-01-01"));
        graphql(NEW_MILESTONE, milestone(lane, "forecastFinish", "2999-12-31"))
                .body("errors[0].extensions.field", equalTo("forecastFinish"));
        String id = addMilestone(lane, "Dated", "2026-06-01", null, "it-lead");
        updateMilestone(id, 0, Map.of("forecastFinish", "2150-01-01"), null)
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("forecastFinish"));
    }

    @Test
    void aHugeTextIsRefusedWithoutBeingEchoedBack() {
        String lane = addWorkstream(createInitiative("Huge", "cio"), "Lane", "IT", "it-lead");
        String huge = "x".repeat(1_000_000);
        String body = graphql(NEW_MILESTONE, milestone(lane, "title", huge))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("title"))
                .body("errors[0].message", containsString("at most 300 characters"))
                .extract().asString();
        assertTrue(body.length() < 2_000, "the answer has " + body.length() + " characters");

        graphql("query Person($id: ID!) { person(id: $id) { id } }", Map.of("id", "y".repeat(100_000)))
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].message.length()", lessThan(300));
    }

    @Test
    void ownersAreUserIdsNotFreeText() {
        String lane = addWorkstream(createInitiative("Owners", "cio"), "Lane", "IT", "it-lead");
        graphql(NEW_MILESTONE, milestone(lane, "accountableOwner", "Ana Smith <ana@example.com>"))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("accountableOwner"));
        graphql("""
                mutation { createInitiative(initiative: { name: "No owner", accountableOwner: "  " }) { id } }
                """, Map.of())
                .body("errors[0].extensions.field", equalTo("accountableOwner"));
    }

    @Test
    void blankNamesAndOutOfRangeNumbersAreRefused() {
        graphql("""
                mutation { createInitiative(initiative: { name: "  ", accountableOwner: "cio" }) { id } }
                """, Map.of())
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("name"));
        graphql("""
                mutation { createInitiative(initiative: { name: "Tolerant", accountableOwner: "cio",
                                                          slippageToleranceDays: -3 }) { id } }
                """, Map.of())
                .body("errors[0].extensions.field", equalTo("slippageToleranceDays"));
        String initiative = createInitiative("Lanes", "cio");
        addWorkstream(initiative, "Sales", "SALES", "head-of-sales");
        graphql("""
                mutation Twin($initiative: ID!) {
                  addWorkstream(workstream: { initiativeId: $initiative, name: "SALES ", businessFunction: SALES,
                                              accountableOwner: "cfo" }) { id }
                }
                """, Map.of("initiative", initiative))
                .body("errors[0].extensions.code", equalTo("invalid-plan"))
                .body("errors[0].extensions.field", equalTo("name"));
    }

    @Test
    void aMilestoneKeyIsUniqueWithinItsInitiative() {
        String lane = addWorkstream(createInitiative("Keys", "cio"), "Lane", "IT", "it-lead");
        graphql(NEW_MILESTONE, milestone(lane, "externalKey", "M-1")).body("errors", nullValue());
        graphql(NEW_MILESTONE, milestone(lane, "externalKey", "M-1"))
                .body("errors[0].extensions.code", equalTo("invalid-plan"))
                .body("errors[0].extensions.field", equalTo("externalKey"));
        String other = addWorkstream(createInitiative("Other keys", "cio"), "Lane", "IT", "it-lead");
        graphql(NEW_MILESTONE, milestone(other, "externalKey", "M-1")).body("errors", nullValue());
    }

    @Test
    void aMalformedDateIsAValidationErrorThatDoesNotEchoAHugeValue() {
        String lane = addWorkstream(createInitiative("Malformed dates", "cio"), "Lane", "IT", "it-lead");
        String body = graphql(NEW_MILESTONE, milestone(lane, "baselineFinish", "9".repeat(100_000)))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                .body("errors[0].message", containsString("milestone"))
                .body("errors[0].message", not(containsString("9".repeat(300))))
                .extract().asString();
        assertTrue(body.length() < 2_000, "the answer has " + body.length() + " characters");
        String id = addMilestone(lane, "Dated", "2026-06-01", null, "it-lead");
        graphql("""
                mutation Wrong($id: ID!) { updateMilestone(id: $id, version: 0, changes: { forecastFinish: "31/12/2026" }) { id } }
                """, Map.of("id", id))
                .body("data", nullValue())
                .body("errors", org.hamcrest.Matchers.hasSize(1))
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                .body("errors[0].extensions.field", equalTo("changes"))
                .body("errors[0].message", containsString("YYYY-MM-DD"))
                .body("errors[0].message", not(containsString("org.throughline")));
        graphql("query Typo { initiatives { nodes { nme } } }", Map.of())
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                .body("errors[0].message", containsString("nme"));
    }
}
