package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A shareable field whose type differs between subgraphs (non-null in one, nullable in the other), over real
 * HTTP: the supergraph has the nullable type, and a query that selects it on two types in sibling fragments
 * must still be valid in the subgraph where the two types differ.
 */
class FieldTypesPerSubgraphOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final List<Map<String, Object>> ITEMS = List.of(
            Map.of("__typename", "Book", "id", "b1", "size", 412),
            Map.of("__typename", "Movie", "id", "m1"));

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();

    @BeforeAll
    static void startSubgraphs() throws Exception {
        TypeResolver byTypename = env -> env.getSchema().getObjectType((String) ((Map<?, ?>) env.getObject()).get("__typename"));
        SUBGRAPHS.start("shelf", """
                union Item = Book | Movie
                type Book @key(fields: "id") { id: ID! size: Int! @shareable }
                type Movie @key(fields: "id") { id: ID! size: Int @shareable }
                type Query { items: [Item!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Item", type -> type.typeResolver(byTypename))
                        .type("Query", type -> type.dataFetcher("items", env -> ITEMS)).build(),
                representation -> null);
        SUBGRAPHS.start("archive", """
                type Book @key(fields: "id") { id: ID! size: Int @shareable year: Int }
                type Movie @key(fields: "id") { id: ID! size: Int @shareable }
                type Query { archived: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> Map.of(
                        "__typename", representation.get("__typename"), "id", representation.get("id"), "year", 1965));
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/field-types-per-subgraph.graphql");
    }

    @Test
    void aFieldWhoseTypesDifferInTheSubgraphIsAliasedApartInSiblingFragmentsAndAnsweredUnderItsName()
            throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { items { ... on Book { size year } ... on Movie { size } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"items": [{"size": 412, "year": 1965}, {"size": null}]}}
                """), response);
        assertEquals("{items{__typename ...on Book{size __typename id}...on Movie{__gw_Movie_size:size}}}",
                SUBGRAPHS.get("shelf").requests().get(0).get("query"));
    }
}
