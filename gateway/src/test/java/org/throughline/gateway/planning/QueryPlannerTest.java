package org.throughline.gateway.planning;

import graphql.parser.Parser;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.supergraph.Supergraph;
import org.throughline.gateway.supergraph.SupergraphComposer;
import org.throughline.gateway.supergraph.SupergraphReader;
import org.throughline.gateway.supergraph.SubgraphSchemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryPlannerTest {

    private static final Supergraph SUPERGRAPH =
            SupergraphReader.read(SupergraphComposer.compose(SubgraphSchemas.throughline()));

    private static QueryPlan plan(String document) {
        return new QueryPlanner(SUPERGRAPH).plan(Parser.parse(document), null);
    }

    @Test
    void queryWithinOneSubgraphIsOneFetch() {
        QueryPlan plan = plan("{ initiatives { name milestones { title } } }");

        assertEquals(new PlanNode.Fetch("PLAN", "{initiatives{name milestones{title}}}", java.util.List.of(), java.util.List.of(),
                java.util.List.of("initiatives")),
                plan.root());
    }

    @Test
    void referencesFromGovernanceAreFetchedFromTheOwningSubgraphsInParallel() {
        QueryPlan plan = plan("""
                { commitments { expectedValue milestone { title initiative { name } } kpi { name measurements { value } } } }
                """);

        assertEquals("""
                QueryPlan {
                  Sequence {
                    Fetch(service: "GOVERNANCE") { {commitments{expectedValue milestone{__typename id}kpi{__typename id}}} }
                    Parallel {
                      Fetch(service: "PLAN", entities: commitments.@.milestone Milestone {__typename id}) { query ($representations:[_Any!]!){_entities(representations:$representations){...on Milestone{title initiative{name}}}} }
                      Fetch(service: "KPI", entities: commitments.@.kpi Kpi {__typename id}) { query ($representations:[_Any!]!){_entities(representations:$representations){...on Kpi{name measurements{value}}}} }
                    }
                  }
                }""", plan.print());
    }

    @Test
    void hopBackIntoAnEarlierSubgraphIsASequenceOfEntityFetches() {
        QueryPlan plan = plan("{ initiatives { milestones { commitments { kpi { name } } } } }");

        assertEquals("""
                QueryPlan {
                  Sequence {
                    Fetch(service: "PLAN") { {initiatives{milestones{__typename id}}} }
                    Sequence {
                      Fetch(service: "GOVERNANCE", entities: initiatives.@.milestones.@ Milestone {__typename id}) { query ($representations:[_Any!]!){_entities(representations:$representations){...on Milestone{commitments{kpi{__typename id}}}}} }
                      Fetch(service: "KPI", entities: initiatives.@.milestones.@.commitments.@.kpi Kpi {__typename id}) { query ($representations:[_Any!]!){_entities(representations:$representations){...on Kpi{name}}} }
                    }
                  }
                }""", plan.print());
    }

    @Test
    void rootFieldsOfDifferentSubgraphsAreFetchedInParallelWithTheirConditionsResolvedByTheGateway() {
        String overview = """
                query Overview($withMilestones: Boolean!) {
                  initiatives { name milestones @include(if: $withMilestones) { title } }
                  kpis { name }
                }
                """;
        QueryPlanner planner = new QueryPlanner(SUPERGRAPH);

        PlanNode.Parallel parallel = (PlanNode.Parallel) planner.plan(Parser.parse(overview), null,
                java.util.Map.of("withMilestones", true)).root();
        PlanNode.Fetch plan0 = (PlanNode.Fetch) parallel.nodes().get(0);
        PlanNode.Fetch kpi = (PlanNode.Fetch) parallel.nodes().get(1);
        assertEquals("query Overview__plan__0{initiatives{name milestones{title}}}", plan0.operation());
        assertEquals(java.util.List.of(), plan0.variables());
        assertEquals("query Overview__kpi__1{kpis{name}}", kpi.operation());
        PlanNode.Parallel without = (PlanNode.Parallel) planner.plan(Parser.parse(overview), null,
                java.util.Map.of("withMilestones", false)).root();
        assertEquals("query Overview__plan__0{initiatives{name}}", ((PlanNode.Fetch) without.nodes().get(0)).operation());
    }

    @Test
    void eachFetchDeclaresAndReceivesOnlyTheVariablesItUses() {
        QueryPlan plan = plan("""
                mutation Create($initiative: String!, $kpi: String!) {
                  a: createInitiative(name: $initiative) { id }
                  k: createKpi(name: $kpi) { id }
                }
                """);

        PlanNode.Sequence sequence = (PlanNode.Sequence) plan.root();
        PlanNode.Fetch first = (PlanNode.Fetch) sequence.nodes().get(0);
        PlanNode.Fetch second = (PlanNode.Fetch) sequence.nodes().get(1);
        assertEquals("mutation Create__plan__0($initiative:String!){a:createInitiative(name:$initiative){id}}",
                first.operation());
        assertEquals(java.util.List.of("initiative"), first.variables());
        assertEquals("mutation Create__kpi__1($kpi:String!){k:createKpi(name:$kpi){id}}", second.operation());
        assertEquals(java.util.List.of("kpi"), second.variables());
    }

    @Test
    void mutationsRunOneAfterTheOtherInDocumentOrder() {
        QueryPlan plan = plan("""
                mutation { a: createInitiative(name: "A") { id } k: createKpi(name: "K") { id } b: createInitiative(name: "B") { id } }
                """);

        PlanNode.Sequence sequence = (PlanNode.Sequence) plan.root();
        assertEquals(java.util.List.of("PLAN", "KPI", "PLAN"), sequence.nodes().stream()
                .map(node -> ((PlanNode.Fetch) node).graph()).toList());
    }

    @Test
    void fragmentsAreFlattenedIntoTheSubgraphThatResolvesTheirFields() {
        QueryPlan plan = plan("""
                query { commitments { ...Tether } }
                fragment Tether on OutcomeCommitment { milestone { ... on Milestone { title } } }
                """);

        assertTrue(plan.print().contains("{commitments{milestone{__typename id}}}"), plan.print());
        assertTrue(plan.print().contains("...on Milestone{title}"), plan.print());
    }

    @Test
    void operationNameThatIsNotInTheDocumentIsAPlanningError() {
        assertThrows(PlanningException.class,
                () -> new QueryPlanner(SUPERGRAPH).plan(Parser.parse("query A { kpis { name } }"), "B"));
    }

    /** Our three subgraphs, governance with a subscription whose events name a commitment. */
    private static final Supergraph WITH_EVENTS = SupergraphReader.read(SupergraphComposer.compose(java.util.List.of(
            SubgraphSchemas.PLAN, SubgraphSchemas.KPI, new SupergraphComposer.SubgraphSchema("governance",
                    "http://localhost:8083/graphql", SubgraphSchemas.GOVERNANCE.sdl() + """
                    type CommitmentEvent { kind: String! commitment: OutcomeCommitment! }
                    type Subscription { commitmentEvents(kinds: [String!]): CommitmentEvent! }
                    """))));

    @Test
    void subscriptionSubscribesInTheOwningSubgraphAndCompletesEachEventWithEntityFetches() {
        QueryPlan plan = new QueryPlanner(WITH_EVENTS).plan(Parser.parse("""
                subscription Watch($kinds: [String!]) {
                  commitmentEvents(kinds: $kinds) { kind commitment { expectedValue milestone { title } kpi { name } } }
                }
                """), null);

        assertEquals("subscription", plan.operationType());
        assertEquals("""
                QueryPlan {
                  Subscription {
                    Primary {
                      Fetch(service: "GOVERNANCE") { subscription Watch__governance__0($kinds:[String!]){commitmentEvents(kinds:$kinds){kind commitment{expectedValue milestone{__typename id}kpi{__typename id}}}} }
                    }
                    Rest {
                      Parallel {
                        Fetch(service: "PLAN", entities: commitmentEvents.commitment.milestone Milestone {__typename id}) { query Watch__plan__1($representations:[_Any!]!){_entities(representations:$representations){...on Milestone{title}}} }
                        Fetch(service: "KPI", entities: commitmentEvents.commitment.kpi Kpi {__typename id}) { query Watch__kpi__2($representations:[_Any!]!){_entities(representations:$representations){...on Kpi{name}}} }
                      }
                    }
                  }
                }""", plan.print());
    }

    @Test
    void subscriptionThatOneSubgraphAnswersWhollyHasNothingToRunPerEvent() {
        PlanNode.Subscription plan = (PlanNode.Subscription) new QueryPlanner(WITH_EVENTS)
                .plan(Parser.parse("subscription { commitmentEvents { kind commitment { id expectedValue } } }"), null)
                .root();

        assertEquals("subscription{commitmentEvents{kind commitment{id expectedValue}}}", plan.primary().operation());
        assertEquals(null, plan.rest());
    }

    @Test
    void shareableRootFieldIsFetchedFromTheSubgraphThatNeedsNoFurtherHop() {
        Supergraph shared = SupergraphReader.read(SupergraphComposer.compose(java.util.List.of(
                new SupergraphComposer.SubgraphSchema("catalog", "http://localhost:1/graphql", """
                        type Product @key(fields: "id") { id: ID! name: String @shareable }
                        type Query { product: Product @shareable }
                        """),
                new SupergraphComposer.SubgraphSchema("pricing", "http://localhost:2/graphql", """
                        type Product @key(fields: "id") { id: ID! name: String @shareable price: Int }
                        type Query { product: Product @shareable }
                        """))));
        QueryPlanner planner = new QueryPlanner(shared);

        PlanNode priced = planner.plan(Parser.parse("{ product { name price } }"), null).root();
        PlanNode named = planner.plan(Parser.parse("{ product { name } }"), null).root();

        assertEquals("PRICING", ((PlanNode.Fetch) priced).graph());
        assertEquals("CATALOG", ((PlanNode.Fetch) named).graph());
    }

    @Test
    void theCheapestRouteToAFieldCountsNewFetchesAndGoesThroughOneAlreadyPlanned() {
        // price is in pricing, known only by ean; ean comes from barcodes (by sku) or from colours (by id), and the
        // colour is asked too: through colours, the route costs one fetch less than through barcodes.
        Supergraph routes = SupergraphReader.read(SupergraphComposer.compose(java.util.List.of(
                new SupergraphComposer.SubgraphSchema("catalog", "http://localhost:1/graphql", """
                        type Product @key(fields: "id") { id: ID! sku: String! @shareable }
                        type Query { products: [Product!]! }
                        """),
                new SupergraphComposer.SubgraphSchema("barcodes", "http://localhost:2/graphql", """
                        type Product @key(fields: "sku") { sku: String! ean: String! @shareable }
                        type Query { scanners: Int }
                        """),
                new SupergraphComposer.SubgraphSchema("colours", "http://localhost:3/graphql", """
                        type Product @key(fields: "id") { id: ID! colour: String! ean: String! @shareable }
                        type Query { palettes: Int }
                        """),
                new SupergraphComposer.SubgraphSchema("pricing", "http://localhost:4/graphql", """
                        type Product @key(fields: "ean") { ean: String! price: Int! }
                        type Query { currencies: Int }
                        """))));

        QueryPlan plan = new QueryPlanner(routes).plan(Parser.parse("{ products { colour price } }"), null);

        assertEquals("""
                QueryPlan {
                  Sequence {
                    Fetch(service: "CATALOG") { {products{__typename id}} }
                    Sequence {
                      Fetch(service: "COLOURS", entities: products.@ Product {__typename id}) { query ($representations:[_Any!]!){_entities(representations:$representations){...on Product{colour __typename ean}}} }
                      Fetch(service: "PRICING", entities: products.@ Product {__typename ean}) { query ($representations:[_Any!]!){_entities(representations:$representations){...on Product{price}}} }
                    }
                  }
                }""", plan.print());
    }

    @Test
    void entitiesOfOneSubgraphAtSeveralPlacesAreFetchedInOneRequest() {
        QueryPlan plan = plan("{ a: commitments { milestone { title } } b: commitments { milestone { initiative { name } } } }");

        assertEquals("""
                QueryPlan {
                  Sequence {
                    Fetch(service: "GOVERNANCE") { {a:commitments{milestone{__typename id}}b:commitments{milestone{__typename id}}} }
                    Fetch(service: "PLAN", entities: a.@.milestone Milestone {__typename id}; b.@.milestone Milestone {__typename id}) { query ($representations0:[_Any!]!,$representations1:[_Any!]!){_0:_entities(representations:$representations0){...on Milestone{title}}_1:_entities(representations:$representations1){...on Milestone{initiative{name}}}} }
                  }
                }""", plan.print());
    }

    @Test
    void entityKnownByANonResolvableKeyIsReferencedThereButFetchedFromItsOwner() {
        Supergraph referencing = SupergraphReader.read(SupergraphComposer.compose(java.util.List.of(
                new SupergraphComposer.SubgraphSchema("governance", "http://localhost:1/graphql", """
                        type Milestone @key(fields: "id", resolvable: false) { id: ID! }
                        type Commitment { milestone: Milestone! }
                        type Query { commitments: [Commitment!]! }
                        """),
                new SupergraphComposer.SubgraphSchema("plan", "http://localhost:2/graphql", """
                        type Milestone @key(fields: "id") { id: ID! title: String! }
                        type Query { milestones: [Milestone!]! }
                        """))));

        QueryPlan plan = new QueryPlanner(referencing).plan(Parser.parse("{ commitments { milestone { id title } } }"), null);

        assertTrue(referencing.resolvableKeys("Milestone", "GOVERNANCE").isEmpty());
        assertEquals("""
                QueryPlan {
                  Sequence {
                    Fetch(service: "GOVERNANCE") { {commitments{milestone{id __typename}}} }
                    Fetch(service: "PLAN", entities: commitments.@.milestone Milestone {__typename id}) { query ($representations:[_Any!]!){_entities(representations:$representations){...on Milestone{title}}} }
                  }
                }""", plan.print());
    }

    @Test
    void planningStopsAtACheckpointThatThrowsForAnOperationOutOfTime() {
        StringBuilder wide = new StringBuilder("{ initiatives {");
        for (int i = 0; i < 300; i++) {
            wide.append(" n").append(i).append(": name");
        }
        NormalizedOperation operation = NormalizedOperation.of(SUPERGRAPH.apiSchema(),
                Parser.parse(wide.append(" } }").toString()), null, java.util.Map.of());
        int[] checkpoints = {0};
        IllegalStateException stopped = assertThrows(IllegalStateException.class,
                () -> new QueryPlanner(SUPERGRAPH).plan(operation, () -> {
                    checkpoints[0]++;
                    throw new IllegalStateException("out of time");
                }));
        assertEquals("out of time", stopped.getMessage());
        assertEquals(1, checkpoints[0]);
    }
}
