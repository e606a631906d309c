package org.throughline.kpi;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.updateKpi;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/**
 * Person ids are matched as Keycloak matches usernames: a steward given in any case is one person, stored and shown
 * in lower case, and found by any spelling.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class PersonIdsTest {

    private static final String PERSON = """
            query Person($id: ID!) { person(id: $id) { id accountableKpis { name accountableOwner } } }
            """;

    @Test
    void aStewardRecordedAsSalesStewardIsReadAsSalesStewardInTheirViewAndInFilters() {
        String kpi = createKpi("name", "Case-blind quote turnaround", "accountableOwner", "Case-Steward");

        graphql(PERSON, Map.of("id", "case-steward"))
                .body("errors", nullValue())
                .body("data.person.id", equalTo("case-steward"))
                .body("data.person.accountableKpis.name", contains("Case-blind quote turnaround"))
                .body("data.person.accountableKpis.accountableOwner", contains("case-steward"));
        graphql("""
                query Owned($owner: ID!) { kpis(accountableOwner: $owner) { id } }
                """, Map.of("owner", "CASE-STEWARD"))
                .body("errors", nullValue())
                .body("data.kpis.id", contains(kpi));
    }

    @Test
    void aStewardRecordedInLowerCaseIsFoundByAnyOtherSpellingAndAHandoverIsCanonicalToo() {
        String kpi = createKpi("name", "Lower-case win rate", "accountableOwner", "lower-steward");

        graphql(PERSON, Map.of("id", "Lower-STEWARD"))
                .body("errors", nullValue())
                .body("data.person.id", equalTo("lower-steward"))
                .body("data.person.accountableKpis.name", contains("Lower-case win rate"));
        graphql("""
                query People($reps: [_Any!]!) {
                  _entities(representations: $reps) { ... on Person { id accountableKpis { name } } }
                }
                """, Map.of("reps", List.of(Map.of("__typename", "Person", "id", "LOWER-steward"))))
                .body("errors", nullValue())
                .body("data._entities[0].id", equalTo("lower-steward"))
                .body("data._entities[0].accountableKpis.name", contains("Lower-case win rate"));

        updateKpi(kpi, 0, Map.of("accountableOwner", " Lower-Successor "), "Handed over")
                .body("errors", nullValue())
                .body("data.updateKpi.accountableOwner", equalTo("lower-successor"));
        graphql(PERSON, Map.of("id", "lower-steward"))
                .body("data.person.accountableKpis", empty());
        graphql("""
                query History($id: ID!) { kpi(id: $id) { revisions { changes { field before after } } } }
                """, Map.of("id", kpi))
                .body("data.kpi.revisions[1].changes[0].after", equalTo("lower-successor"));
    }
}
