package org.throughline.gateway.supergraph;

import org.throughline.gateway.supergraph.SupergraphComposer.SubgraphSchema;

import java.util.List;

/** Small subgraph SDLs in the shape our services print them, for composition and planning tests. */
public final class SubgraphSchemas {

    private static final String LINK = """
            schema @link(import : ["@key", "@shareable", "@external", "@requires", "@provides"], url : "https://specs.apollo.dev/federation/v2.3") {
              query: Query
              mutation: Mutation
            }
            directive @key(fields: federation__FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
            directive @shareable repeatable on OBJECT | FIELD_DEFINITION
            scalar federation__FieldSet
            scalar _Any
            type _Service { sdl: String! }
            """;

    public static final SubgraphSchema PLAN = new SubgraphSchema("plan", "http://localhost:8081/graphql", LINK + """
            union _Entity = Initiative | Milestone
            "A transformation programme."
            type Initiative @key(fields : "id") {
              id: ID!
              name: String!
              milestones: [Milestone!]!
            }
            type Milestone @key(fields : "id") {
              id: ID!
              title: String!
              initiative: Initiative!
            }
            type Query {
              _entities(representations: [_Any!]!): [_Entity]!
              _service: _Service!
              initiatives: [Initiative!]
            }
            type Mutation {
              createInitiative(name: String!): Initiative!
            }
            """);

    public static final SubgraphSchema KPI = new SubgraphSchema("kpi", "http://localhost:8082/graphql", LINK + """
            union _Entity = Kpi
            type Kpi @key(fields : "id") {
              id: ID!
              name: String!
              measurements: [Measurement!]!
            }
            type Measurement {
              value: Float!
            }
            type Query {
              _entities(representations: [_Any!]!): [_Entity]!
              _service: _Service!
              kpis: [Kpi!]
            }
            type Mutation {
              createKpi(name: String!): Kpi!
            }
            """);

    public static final SubgraphSchema GOVERNANCE = new SubgraphSchema("governance", "http://localhost:8083/graphql", LINK + """
            union _Entity = OutcomeCommitment | Milestone | Kpi
            type OutcomeCommitment @key(fields : "id") {
              id: ID!
              expectedValue: Float!
              milestone: Milestone!
              kpi: Kpi!
            }
            type Milestone @key(fields : "id") {
              id: ID!
              commitments: [OutcomeCommitment!]!
            }
            type Kpi @key(fields : "id") {
              id: ID!
              commitments: [OutcomeCommitment!]!
            }
            type Query {
              _entities(representations: [_Any!]!): [_Entity]!
              _service: _Service!
              commitments: [OutcomeCommitment!]
            }
            type Mutation {
              commitOutcome(milestoneId: ID!, kpiId: ID!): OutcomeCommitment!
            }
            """);

    public static List<SubgraphSchema> throughline() {
        return List.of(PLAN, KPI, GOVERNANCE);
    }

    private SubgraphSchemas() {
    }
}
