package org.throughline.gateway.supergraph;

import org.junit.jupiter.api.Test;
import org.throughline.gateway.supergraph.SupergraphComposer.SubgraphSchema;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupergraphComposerTest {

    @Test
    void composedSupergraphRecordsWhichSubgraphResolvesEachField() {
        Supergraph supergraph = SupergraphReader.read(SupergraphComposer.compose(SubgraphSchemas.throughline()));

        assertEquals(List.of("PLAN", "KPI", "GOVERNANCE"), List.copyOf(supergraph.subgraphs().keySet()));
        assertEquals("http://localhost:8082/graphql", supergraph.subgraph("KPI").url());
        assertEquals(List.of("PLAN"), supergraph.graphsResolving("Milestone", "title"));
        assertEquals(List.of("GOVERNANCE"), supergraph.graphsResolving("Milestone", "commitments"));
        assertEquals(List.of("PLAN", "GOVERNANCE"), supergraph.graphsResolving("Milestone", "id"));
        assertEquals(List.of("GOVERNANCE"), supergraph.graphsResolving("Query", "commitments"));
        assertEquals(List.of("KPI"), supergraph.graphsResolving("Mutation", "createKpi"));
        assertEquals("id", supergraph.resolvableKeys("Kpi", "KPI").get(0).fields());
    }

    @Test
    void apiSchemaHasNoJoinMachineryAndNoFederationPlumbing() {
        Supergraph supergraph = SupergraphReader.read(SupergraphComposer.compose(SubgraphSchemas.throughline()));

        assertNotNull(supergraph.apiSchema().getObjectType("OutcomeCommitment"));
        assertNull(supergraph.apiSchema().getType("join__Graph"));
        assertNull(supergraph.apiSchema().getType("_Service"));
        assertNull(supergraph.apiSchema().getType("federation__FieldSet"));
        assertNull(supergraph.apiSchema().getQueryType().getFieldDefinition("_entities"));
        assertFalse(supergraph.apiSchema().getDirectives().stream().anyMatch(d -> d.getName().startsWith("join__")));
        assertEquals("A transformation programme.", supergraph.apiSchema().getObjectType("Initiative").getDescription());
    }

    @Test
    void fieldResolvedByTwoSubgraphsWithoutShareableIsACompositionError() {
        SubgraphSchema other = new SubgraphSchema("other", "http://localhost:9/graphql", """
                type Milestone @key(fields: "id") { id: ID! title: String! }
                type Query { milestoneCount: Int }
                """);

        SupergraphException error = assertThrows(SupergraphException.class,
                () -> SupergraphComposer.compose(List.of(SubgraphSchemas.PLAN, other)));

        assertTrue(error.getMessage().contains("field Milestone.title is resolved by subgraphs plan and other"),
                error.getMessage());
    }

    @Test
    void fieldAnotherSubgraphProvidesMustBeShareableWhereItIsOwned() {
        SubgraphSchema digest = new SubgraphSchema("digest", "http://localhost:9/graphql", """
                type Milestone @key(fields: "id") { id: ID! title: String! @external }
                type Digest { milestone: Milestone @provides(fields: "title") }
                type Query { digest: Digest }
                """);

        SupergraphException error = assertThrows(SupergraphException.class,
                () -> SupergraphComposer.compose(List.of(SubgraphSchemas.PLAN, digest)));

        assertTrue(error.getMessage().contains("field Milestone.title is resolved by subgraphs plan and digest"
                + " (digest through @provides) but is not marked @shareable in plan"), error.getMessage());
    }

    @Test
    void shareableFieldMayBeResolvedByEverySubgraphThatMarksIt() {
        SubgraphSchema a = new SubgraphSchema("a", "http://localhost:1/graphql", """
                type Money @shareable { amount: Float! currency: String! }
                type Query { price: Money }
                """);
        SubgraphSchema b = new SubgraphSchema("b", "http://localhost:2/graphql", """
                type Money @shareable { amount: Float! currency: String! }
                type Query { cost: Money }
                """);

        Supergraph supergraph = SupergraphReader.read(SupergraphComposer.compose(List.of(a, b)));

        assertEquals(List.of("A", "B"), supergraph.graphsResolving("Money", "amount"));
    }

    @Test
    void typeDeclaredAsDifferentKindsIsReportedWithTheSubgraph() {
        SubgraphSchema a = new SubgraphSchema("a", "http://localhost:1/graphql", "type Status { code: Int } type Query { s: Status }");
        SubgraphSchema b = new SubgraphSchema("b", "http://localhost:2/graphql", "enum Status { OK } type Query { t: Status }");

        SupergraphException error = assertThrows(SupergraphException.class,
                () -> SupergraphComposer.compose(List.of(a, b)));

        assertTrue(error.getMessage().contains("type Status is an object type in one subgraph but an enum in subgraph b"),
                error.getMessage());
    }

    @Test
    void fieldInaccessibleInOneSubgraphIsHiddenFromClientsButStillPlannable() {
        SubgraphSchema internal = new SubgraphSchema("internal", "http://localhost:3/graphql", """
                type Milestone @key(fields: "id") { id: ID! auditTrail: String }
                type Query { milestoneStubs(id: [String!]!): [Milestone]! @federation__inaccessible }
                """);

        Supergraph supergraph = SupergraphReader.read(SupergraphComposer.compose(List.of(SubgraphSchemas.PLAN, internal)));

        assertNull(supergraph.apiSchema().getQueryType().getFieldDefinition("milestoneStubs"));
        assertEquals(List.of("INTERNAL"), supergraph.graphsResolving("Query", "milestoneStubs"));
        assertNotNull(supergraph.apiSchema().getObjectType("Milestone").getFieldDefinition("auditTrail"));
    }

    @Test
    void overriddenFieldIsResolvedOnlyByTheSubgraphThatTookItOver() {
        SubgraphSchema billing = new SubgraphSchema("billing", "http://localhost:4/graphql", """
                type Milestone @key(fields: "id") { id: ID! title: String! @federation__override(from: "plan") }
                """);

        Supergraph supergraph = SupergraphReader.read(SupergraphComposer.compose(List.of(SubgraphSchemas.PLAN, billing)));

        assertEquals(List.of("BILLING"), supergraph.graphsResolving("Milestone", "title"));
    }

    @Test
    void progressiveOverrideKeepsBothSubgraphsEachWhileTheLabelSaysSo() {
        SubgraphSchema billing = new SubgraphSchema("billing", "http://localhost:4/graphql", """
                type Milestone @key(fields: "id") { id: ID! title: String! @federation__override(from: "plan", label: "percent(20)") }
                """);

        String sdl = SupergraphComposer.compose(List.of(SubgraphSchemas.PLAN, billing));
        Supergraph supergraph = SupergraphReader.read(sdl);

        assertTrue(sdl.contains("@join__field(graph: PLAN, overrideLabel: \"percent(20)\")"), sdl);
        assertTrue(sdl.contains("@join__field(graph: BILLING, override: \"plan\", overrideLabel: \"percent(20)\")"), sdl);
        assertEquals(java.util.Set.of("percent(20)"), supergraph.overrideLabels());
        assertEquals(List.of("PLAN"), supergraph.withOverrideLabels(java.util.Set.of()).graphsResolving("Milestone", "title"));
        assertEquals(List.of("BILLING"),
                supergraph.withOverrideLabels(java.util.Set.of("percent(20)")).graphsResolving("Milestone", "title"));
        assertEquals(20.0, supergraph.overridePercent("percent(20)"));
        SupergraphException tooMuch = assertThrows(SupergraphException.class,
                () -> SupergraphReader.read(sdl.replace("percent(20)", "percent(200)")));
        assertTrue(tooMuch.getMessage().contains("percent(200) asks for more than 100 percent"), tooMuch.getMessage());
    }

    @Test
    void overrideLabelThatIsNeitherAPercentNorANameIsACompositionError() {
        SubgraphSchema billing = new SubgraphSchema("billing", "http://localhost:4/graphql", """
                type Milestone @key(fields: "id") { id: ID! title: String! @federation__override(from: "plan", label: "percent(120)") }
                """);

        SupergraphException error = assertThrows(SupergraphException.class,
                () -> SupergraphComposer.compose(List.of(SubgraphSchemas.PLAN, billing)));

        assertTrue(error.getMessage().contains("field Milestone.title in subgraph billing has the override label \"percent(120)\""),
                error.getMessage());
    }

    @Test
    void enumOnlyReturnedOffersEveryValueAndEnumOnlyAcceptedOnlyTheCommonOnes() {
        SubgraphSchema a = new SubgraphSchema("a", "http://localhost:1/graphql", """
                enum Health { GREEN AMBER }
                enum Scope { ALL MINE }
                type Query { health: Health items(scope: Scope): Int }
                """);
        SubgraphSchema b = new SubgraphSchema("b", "http://localhost:2/graphql", """
                enum Health { GREEN RED }
                enum Scope { ALL TEAM }
                type Query { risk: Health count(scope: Scope): Int }
                """);

        Supergraph supergraph = SupergraphReader.read(SupergraphComposer.compose(List.of(a, b)));

        assertEquals(List.of("GREEN", "AMBER", "RED"), supergraph.apiSchema().getTypeAs("Health") instanceof
                graphql.schema.GraphQLEnumType health ? health.getValues().stream().map(v -> v.getName()).toList() : null);
        assertEquals(List.of("ALL"), supergraph.apiSchema().getTypeAs("Scope") instanceof
                graphql.schema.GraphQLEnumType scope ? scope.getValues().stream().map(v -> v.getName()).toList() : null);
    }

    @Test
    void enumBothReturnedAndAcceptedMustBeTheSameEverywhere() {
        SubgraphSchema a = new SubgraphSchema("a", "http://localhost:1/graphql", """
                enum Health { GREEN AMBER }
                type Query { health(at: Health): Health }
                """);
        SubgraphSchema b = new SubgraphSchema("b", "http://localhost:2/graphql", """
                enum Health { GREEN }
                type Query { risk: Health }
                """);

        SupergraphException error = assertThrows(SupergraphException.class,
                () -> SupergraphComposer.compose(List.of(a, b)));

        assertTrue(error.getMessage().contains("enum Health is both returned and accepted, so every subgraph must define"
                + " the same values, but AMBER is missing from subgraph b"), error.getMessage());
    }

    @Test
    void inputTypeKeepsTheFieldsEverySubgraphAcceptsAndRefusesARequiredFieldOneLacks() {
        SubgraphSchema a = new SubgraphSchema("a", "http://localhost:1/graphql", """
                input Filter { text: String owner: String }
                type Query { find(filter: Filter): Int }
                """);
        SubgraphSchema b = new SubgraphSchema("b", "http://localhost:2/graphql", """
                input Filter { text: String }
                type Query { count(filter: Filter): Int }
                """);
        SubgraphSchema c = new SubgraphSchema("c", "http://localhost:3/graphql", """
                input Filter { text: String tenant: ID! }
                type Query { other(filter: Filter): Int }
                """);

        Supergraph merged = SupergraphReader.read(SupergraphComposer.compose(List.of(a, b)));
        SupergraphException error = assertThrows(SupergraphException.class,
                () -> SupergraphComposer.compose(List.of(a, c)));

        assertEquals(List.of("text"), merged.apiSchema().getTypeAs("Filter") instanceof
                graphql.schema.GraphQLInputObjectType filter ? filter.getFields().stream().map(f -> f.getName()).toList() : null);
        assertTrue(error.getMessage().contains("input field Filter.tenant is required in subgraph c but subgraph a does not"
                + " define it"), error.getMessage());
    }
}
