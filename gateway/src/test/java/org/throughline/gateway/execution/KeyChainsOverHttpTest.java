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
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Entities reachable only through a chain of keys, and key fields a subgraph merely declares {@code @external},
 * over real HTTP: reviews knows a product by its id and references its sku without resolving it; pricing knows it
 * only by its sku; catalog knows both.
 */
class KeyChainsOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final List<Map<String, Object>> PRODUCTS = List.of(
            Map.of("__typename", "Product", "id", "p1", "sku", "S1", "name", "Desk"),
            Map.of("__typename", "Product", "id", "p2", "sku", "S2", "name", "Lamp"));
    private static final Map<String, Integer> PRICES = Map.of("S1", 120, "S2", 35);

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph reviews;
    private static TestSubgraph catalog;
    private static TestSubgraph pricing;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        reviews = SUBGRAPHS.start("reviews", """
                type Review { id: ID! body: String! product: Product! }
                type Product @key(fields: "id") { id: ID! sku: String! @external label: String @requires(fields: "sku") }
                type Query { reviews: [Review!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("reviews", env -> List.of(
                        Map.of("id", "r1", "body", "Solid", "product", Map.of("__typename", "Product", "id", "p1")),
                        Map.of("id", "r2", "body", "Bright", "product", Map.of("__typename", "Product", "id", "p2")))))
                        .build(),
                representation -> Map.of("__typename", "Product", "id", representation.get("id"),
                        "label", "Item " + representation.get("sku")));
        catalog = SUBGRAPHS.start("catalog", """
                type Product @key(fields: "id") @key(fields: "sku") { id: ID! sku: String! name: String! }
                type Query { products: [Product!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("products", env -> PRODUCTS))
                .build(), representation -> PRODUCTS.stream().filter(product -> representation.containsKey("id")
                        ? product.get("id").equals(representation.get("id"))
                        : product.get("sku").equals(representation.get("sku"))).findFirst().orElse(null));
        pricing = SUBGRAPHS.start("pricing", """
                type Product @key(fields: "sku") { sku: String! price: Int! }
                type Query { cheapest: Product }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("cheapest",
                        env -> Map.of("__typename", "Product", "sku", "S2", "price", 35))).build(),
                representation -> Map.of("__typename", "Product", "sku", representation.get("sku"),
                        "price", PRICES.get((String) representation.get("sku"))));
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/key-chains.graphql");
    }

    @Test
    void aFieldBehindAKeyTheSourceCannotSupplyIsReachedThroughASubgraphThatCan() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { reviews { body product { price } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"reviews": [{"body": "Solid", "product": {"price": 120}},
                                      {"body": "Bright", "product": {"price": 35}}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Product", "id": "p1"}, {"__typename": "Product", "id": "p2"}]
                """), JSON.valueToTree(catalog.requests().get(0)).at("/variables/representations"));
        assertEquals(JSON.readTree("""
                [{"__typename": "Product", "sku": "S1"}, {"__typename": "Product", "sku": "S2"}]
                """), JSON.valueToTree(pricing.requests().get(0)).at("/variables/representations"));
    }

    @Test
    void aKeyFieldTheSourceOnlyDeclaresExternalIsNeverAskedOfIt() throws Exception {
        SUBGRAPHS.execute("{ reviews { product { price } } }");

        assertEquals(1, reviews.requests().size());
        assertFalse(String.valueOf(reviews.requests().get(0).get("query")).contains("sku"),
                () -> "reviews was asked for a field it only references: " + reviews.requests().get(0));
    }

    @Test
    void aRequiredFieldTheSubgraphReferencesIsFetchedFromTheOneThatResolvesIt() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { reviews { product { label name } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"reviews": [{"product": {"label": "Item S1", "name": "Desk"}},
                                      {"product": {"label": "Item S2", "name": "Lamp"}}]}}
                """), response);
    }

    @Test
    void anObjectWhoseEveryFieldIsSkippedIsAnEmptyObject() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                query ($priced: Boolean = false) { cheapest { price @include(if: $priced) } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"cheapest": {}}}
                """), response);
        assertEquals("{cheapest{__typename}}", SUBGRAPHS.get("pricing").requests().get(0).get("query"));
    }

    @Test
    void anEntityFetchedByItsOtherKeyIsCompletedThroughIt() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { cheapest { name price } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"cheapest": {"name": "Lamp", "price": 35}}}
                """), response);
    }
}
