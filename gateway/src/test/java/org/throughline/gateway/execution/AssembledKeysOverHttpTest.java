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
 * A compound key no single subgraph can supply, over real HTTP: shop knows an order's id and sku, warehouse its
 * region (by sku), and delivery knows it only by id and region together.
 */
class AssembledKeysOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final Map<String, String> REGIONS = Map.of("S1", "north", "S2", "south");

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph delivery;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        SUBGRAPHS.start("shop", """
                type Order @key(fields: "id") { id: ID! sku: String! @shareable }
                type Query { orders: [Order!]! lostOrders: [Order!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("orders", env -> List.of(
                        Map.of("__typename", "Order", "id", "o1", "sku", "S1"),
                        Map.of("__typename", "Order", "id", "o2", "sku", "S2")))
                        .dataFetcher("lostOrders", env -> List.of(Map.of("__typename", "Order", "id", "o9", "sku", "S9"))))
                        .build(),
                representation -> null);
        SUBGRAPHS.start("warehouse", """
                type Order @key(fields: "sku") { sku: String! region: String! @shareable }
                type Query { depots: Int }
                """, RuntimeWiring.newRuntimeWiring().build(),
                representation -> Map.of("__typename", "Order", "sku", representation.get("sku"),
                        "region", REGIONS.get((String) representation.get("sku"))));
        delivery = SUBGRAPHS.start("delivery", """
                type Order @key(fields: "id region") { id: ID! region: String! eta: Int! }
                type Query { couriers: Int }
                """, RuntimeWiring.newRuntimeWiring().build(),
                representation -> Map.of("__typename", "Order", "id", representation.get("id"),
                        "region", representation.get("region"),
                        "eta", representation.get("region").equals("north") ? 2 : 5));
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/assembled-keys.graphql");
    }

    @Test
    void anEntityResolverThatFailsWholeIsReportedOnceWhereItsEntitiesAreNotInsideTheSubgraphsQuery()
            throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { lostOrders { id eta } }
                """);

        assertEquals(JSON.readTree("""
                {"data": null, "errors": [
                  {"message": "subgraph warehouse failed to resolve this field; the gateway's log has the details",
                   "path": ["lostOrders"], "extensions": {"code": "DOWNSTREAM_SERVICE_ERROR"}}
                ]}
                """), response);
        assertEquals(0, delivery.requests().size());
    }

    @Test
    void aKeyWhoseFieldsComeFromDifferentSubgraphsIsAssembledBeforeTheEntityFetch() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { orders { id eta } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"orders": [{"id": "o1", "eta": 2}, {"id": "o2", "eta": 5}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Order", "id": "o1", "region": "north"}, {"__typename": "Order", "id": "o2", "region": "south"}]
                """), JSON.valueToTree(delivery.requests().get(0)).at("/variables/representations"));
    }
}
