package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Requirements that go back and forth between two subgraphs, over real HTTP: warehouse knows a product's weight,
 * packing needs the weight for the box size, and warehouse needs the box size for the shipping cost. Warehouse
 * must be asked twice, in order: the second fetch cannot be merged into the first one that supplies it.
 */
class RequiresOrderingOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final Map<String, Integer> WEIGHTS = Map.of("p1", 3, "p2", 8);

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph warehouse;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        SUBGRAPHS.start("store", """
                type Product @key(fields: "id") { id: ID! name: String! }
                type Query { products: [Product!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("products", env -> List.of(
                        Map.of("__typename", "Product", "id", "p1", "name", "Desk"),
                        Map.of("__typename", "Product", "id", "p2", "name", "Shelf")))).build(),
                representation -> null);
        warehouse = SUBGRAPHS.start("warehouse", """
                type Product @key(fields: "id") {
                  id: ID!
                  weight: Int!
                  boxSize: Int! @external
                  shippingCost: Int! @requires(fields: "boxSize")
                }
                type Query { depots: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    String id = (String) representation.get("id");
                    Object boxSize = representation.get("boxSize");
                    return boxSize == null ? Map.of("__typename", "Product", "id", id, "weight", WEIGHTS.get(id))
                            : Map.of("__typename", "Product", "id", id, "weight", WEIGHTS.get(id),
                            "shippingCost", 5 * (Integer) boxSize);
                });
        SUBGRAPHS.start("packing", """
                type Product @key(fields: "id") {
                  id: ID!
                  weight: Int! @external
                  boxSize: Int! @requires(fields: "weight")
                }
                type Query { packers: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> Map.of("__typename", "Product",
                        "id", representation.get("id"), "boxSize", (Integer) representation.get("weight") > 5 ? 2 : 1));
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/requires-ordering.graphql");
    }

    @Test
    void aFetchThatNeedsWhatAnotherFetchFromTheSameSubgraphSuppliesRunsAfterIt() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { products { name shippingCost } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"products": [{"name": "Desk", "shippingCost": 5}, {"name": "Shelf", "shippingCost": 10}]}}
                """), response);
        assertEquals(2, warehouse.requests().size());
        assertEquals(JSON.readTree("""
                [{"__typename": "Product", "id": "p1", "boxSize": 1}, {"__typename": "Product", "id": "p2", "boxSize": 2}]
                """), JSON.valueToTree(warehouse.requests().get(1)).at("/variables/representations"));
    }
}
