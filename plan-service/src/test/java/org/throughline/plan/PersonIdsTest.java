package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.plan.PlanFixture.addMilestone;
import static org.throughline.plan.PlanFixture.addWorkstream;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.plan.PlanFixture.updateMilestone;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/**
 * Person ids are matched as Keycloak matches usernames: an owner given in any case is one person, stored and shown
 * in lower case, and found by any spelling.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PersonIdsTest {

    private static final String PERSON = """
            query Person($id: ID!) {
              person(id: $id) {
                id
                accountableInitiatives { name accountableOwner sponsor }
                accountableWorkstreams { name accountableOwner }
                accountableMilestones { title accountableOwner }
              }
            }
            """;

    @Test
    void anOwnerRecordedAsItLeadIsReadAsItLeadInTheirOwnViewAndInFilters() {
        String initiative = graphql("""
                mutation Open {
                  createInitiative(initiative: { name: "Case-blind pricing", sponsor: " CFO ",
                                                 accountableOwner: "Case-Lead" }) { id accountableOwner sponsor }
                }
                """, Map.of())
                .body("errors", nullValue())
                .body("data.createInitiative.accountableOwner", equalTo("case-lead"))
                .body("data.createInitiative.sponsor", equalTo("cfo"))
                .extract().<String>path("data.createInitiative.id");
        String lane = addWorkstream(initiative, "Case-blind lane", "SALES", "CASE-LEAD");
        addMilestone(lane, "Case-blind cut-over", "2026-06-30", null, "Case-Lead");

        graphql(PERSON, Map.of("id", "case-lead"))
                .body("errors", nullValue())
                .body("data.person.id", equalTo("case-lead"))
                .body("data.person.accountableInitiatives.name", contains("Case-blind pricing"))
                .body("data.person.accountableInitiatives.sponsor", contains("cfo"))
                .body("data.person.accountableWorkstreams.name", contains("Case-blind lane"))
                .body("data.person.accountableMilestones.title", contains("Case-blind cut-over"))
                .body("data.person.accountableMilestones.accountableOwner", everyItem(equalTo("case-lead")));

        graphql("""
                query Owned($owner: ID!, $asOf: DateTime) {
                  live: milestones(filter: { accountableOwner: $owner }) { nodes { title accountableOwner } }
                  then: milestones(filter: { accountableOwner: $owner }, asOf: $asOf) { nodes { title } }
                  initiatives(filter: { accountableOwner: $owner }) { nodes { name } }
                  workstreams(filter: { accountableOwner: $owner }) { nodes { name } }
                }
                """, Map.of("owner", "Case-LEAD", "asOf", OffsetDateTime.now().toString()))
                .body("errors", nullValue())
                .body("data.live.nodes.title", contains("Case-blind cut-over"))
                .body("data.live.nodes.accountableOwner", contains("case-lead"))
                .body("data.then.nodes.title", contains("Case-blind cut-over"))
                .body("data.initiatives.nodes.name", contains("Case-blind pricing"))
                .body("data.workstreams.nodes.name", contains("Case-blind lane"));
    }

    @Test
    void anOwnerRecordedInLowerCaseIsFoundByAnyOtherSpellingAndAHandoverIsCanonicalToo() {
        String initiative = createInitiative("Lower-case ledger", "ledger-lead");
        String lane = addWorkstream(initiative, "Ledger lane", "FINANCE", "ledger-lead");
        String milestone = addMilestone(lane, "Ledger cut-over", "2026-03-31", null, "ledger-lead");

        graphql(PERSON, Map.of("id", "LEDGER-Lead"))
                .body("errors", nullValue())
                .body("data.person.id", equalTo("ledger-lead"))
                .body("data.person.accountableMilestones.title", contains("Ledger cut-over"));
        graphql("""
                query People($reps: [_Any!]!) {
                  _entities(representations: $reps) { ... on Person { id accountableMilestones { title } } }
                }
                """, Map.of("reps", List.of(Map.of("__typename", "Person", "id", "Ledger-Lead"))))
                .body("errors", nullValue())
                .body("data._entities[0].id", equalTo("ledger-lead"))
                .body("data._entities[0].accountableMilestones.title", contains("Ledger cut-over"));

        updateMilestone(milestone, 0, Map.of("accountableOwner", "Ledger-Successor"), "Handed over")
                .body("errors", nullValue())
                .body("data.updateMilestone.accountableOwner", equalTo("ledger-successor"));
        graphql(PERSON, Map.of("id", "ledger-successor"))
                .body("data.person.accountableMilestones.title", contains("Ledger cut-over"));
        graphql(PERSON, Map.of("id", "ledger-lead"))
                .body("data.person.accountableMilestones", equalTo(List.of()));
    }
}
