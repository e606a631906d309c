package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A subgraph may know an object type without it implementing an interface there (@join__implements per subgraph):
 * the library knows movies, but its items are books only. A query sent to it never holds a type condition it
 * would refuse as invalid.
 */
class ImplementationsPerSubgraphOverHttpTest {

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph library;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        TypeResolver byTypename = env -> env.getSchema().getObjectType((String) ((Map<?, ?>) env.getObject()).get("__typename"));
        library = SUBGRAPHS.start("library", """
                interface Item { id: ID! }
                type Book implements Item @key(fields: "id") { id: ID! title: String! }
                type Movie @key(fields: "id") { id: ID! title: String! }
                type Query { items: [Item!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Item", type -> type.typeResolver(byTypename))
                .type("Query", type -> type.dataFetcher("items", env -> List.of(
                        Map.of("__typename", "Book", "id", "b1", "title", "Dune"))))
                .build(), representation -> Map.of("__typename", "Movie", "id", representation.get("id"),
                "title", "Alien"));
        SUBGRAPHS.start("cinema", """
                interface Item { id: ID! }
                type Movie implements Item @key(fields: "id") { id: ID! minutes: Int }
                type Query { screenings: [Item!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Item", type -> type.typeResolver(byTypename))
                .type("Query", type -> type.dataFetcher("screenings", env -> List.of(
                        Map.of("__typename", "Movie", "id", "m1", "minutes", 117))))
                .build(), representation -> null);
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/implementations-per-subgraph.graphql");
    }

    @Test
    void aTypeConditionGoesOnlyToSubgraphsWhereTheTypeImplementsTheInterface() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { items { id ... on Book { title } ... on Movie { title minutes } } }
                """);

        assertEquals(FederatedSubgraphs.JSON.readTree("""
                {"data": {"items": [{"id": "b1", "title": "Dune"}]}}
                """), response);
        String sent = String.valueOf(library.requests().get(0).get("query"));
        assertFalse(sent.contains("on Movie"), sent);
    }

    @Test
    void anImplementationOnlyAnotherSubgraphDeclaresIsCompletedFromTheOneThatKnowsItsFields() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { screenings { id ... on Movie { minutes title } ... on Book { title } } }
                """);

        assertEquals(FederatedSubgraphs.JSON.readTree("""
                {"data": {"screenings": [{"id": "m1", "minutes": 117, "title": "Alien"}]}}
                """), response);
    }
}
