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
 * A {@code @requires} whose field set selects through type conditions, one of them on a type clients cannot see
 * ({@code @inaccessible}), over real HTTP: the required fields of every type reach the requiring subgraph.
 */
class RequiresThroughFragmentsOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final String TYPES = """
            interface Packaging { kind: String! }
            type Box implements Packaging @shareable { kind: String! weight: Int! }
            type Envelope implements Packaging @inaccessible @shareable { kind: String! grams: Int! }
            """;

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph shipping;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        TypeResolver byTypename = env -> env.getSchema().getObjectType((String) ((Map<?, ?>) env.getObject()).get("__typename"));
        SUBGRAPHS.start("catalog", TYPES + """
                type Product @key(fields: "upc") { upc: String! name: String! packaging: Packaging! @shareable }
                type Query { products: [Product!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Packaging", type -> type.typeResolver(byTypename))
                        .type("Query", type -> type.dataFetcher("products", env -> List.of(
                                Map.of("__typename", "Product", "upc", "p1", "name", "Desk",
                                        "packaging", Map.of("__typename", "Box", "kind", "box", "weight", 3)),
                                Map.of("__typename", "Product", "upc", "p2", "name", "Card",
                                        "packaging", Map.of("__typename", "Envelope", "kind", "envelope", "grams", 40)))))
                        .build(), representation -> null);
        shipping = SUBGRAPHS.start("shipping", TYPES + """
                type Product @key(fields: "upc") {
                  upc: String!
                  packaging: Packaging! @external
                  shippingCost: Int! @requires(fields: "packaging { kind ... on Box { weight } ... on Envelope { grams } }")
                }
                type Query { carriers: Int }
                """, RuntimeWiring.newRuntimeWiring().type("Packaging", type -> type.typeResolver(byTypename)).build(),
                representation -> {
                    Map<?, ?> packaging = (Map<?, ?>) representation.get("packaging");
                    int cost = packaging.containsKey("weight") ? 10 * (Integer) packaging.get("weight")
                            : (Integer) packaging.get("grams") / 10;
                    return Map.of("__typename", "Product", "upc", representation.get("upc"), "shippingCost", cost);
                });
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/requires-through-fragments.graphql");
    }

    @Test
    void requiredFieldsSelectedThroughTypeConditionsReachTheRequiringSubgraphForEveryType() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { products { name shippingCost } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"products": [{"name": "Desk", "shippingCost": 30}, {"name": "Card", "shippingCost": 4}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Product", "upc": "p1", "packaging": {"__typename": "Box", "kind": "box", "weight": 3}},
                 {"__typename": "Product", "upc": "p2", "packaging": {"__typename": "Envelope", "kind": "envelope", "grams": 40}}]
                """), JSON.valueToTree(shipping.requests().get(0)).at("/variables/representations"));
    }
}
