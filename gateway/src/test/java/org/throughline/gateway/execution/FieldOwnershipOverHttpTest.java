package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who answers for a field, over real HTTP: a storefront and a warehouse that share product names and a featured
 * product ({@code @shareable}), prices that moved from the storefront to a pricing subgraph ({@code @override}),
 * a bin code that only subgraphs see ({@code @inaccessible}), reviews that reference products without resolving
 * them ({@code resolvable: false}), and an enum and an input type that the subgraphs define differently.
 */
class FieldOwnershipOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final Map<String, Map<String, Object>> PRODUCTS = new LinkedHashMap<>();

    static {
        PRODUCTS.put("p1", Map.of("upc", "p1", "name", "Table", "stalePrice", 100, "price", 110, "category", "TOOLS",
                "shelfCategory", "TOOLS", "stock", 3, "binCode", "A3"));
        PRODUCTS.put("p2", Map.of("upc", "p2", "name", "Chair", "stalePrice", 50, "price", 55, "category", "GARDEN",
                "shelfCategory", "GARDEN", "stock", 0, "binCode", "B1"));
        PRODUCTS.put("p3", Map.of("upc", "p3", "name", "Kite", "stalePrice", 20, "price", 25, "category", "GARDEN",
                "shelfCategory", "TOYS", "stock", 12, "binCode", "C7"));
    }

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph storefront;
    private static TestSubgraph warehouse;
    private static TestSubgraph pricing;
    private static TestSubgraph labels;
    private static TestSubgraph reviews;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        storefront = SUBGRAPHS.start("storefront", """
                enum Category { TOOLS GARDEN }
                input ProductFilter { nameContains: String onSale: Boolean }
                type Product @key(fields: "upc") {
                  upc: String!
                  name: String! @shareable
                  price: Int
                  category: Category
                  discount: Int
                  tax: Int
                  shipping: Int
                }
                type Query { featured: Product @shareable topProducts(filter: ProductFilter): [Product!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("featured", env -> entity("p1"))
                        .dataFetcher("topProducts", env -> {
                            Map<String, Object> filter = env.getArgument("filter");
                            String part = filter == null ? "" : String.valueOf(filter.getOrDefault("nameContains", ""));
                            return PRODUCTS.keySet().stream().map(FieldOwnershipOverHttpTest::entity)
                                    .filter(p -> ((String) p.get("name")).contains(part)).toList();
                        }))
                // The storefront still answers its old price; since @override the gateway must not ask it.
                .type("Product", type -> type.dataFetcher("price", env -> ((Map<?, ?>) env.getSource()).get("stalePrice"))
                        .dataFetcher("discount", env -> 0).dataFetcher("tax", env -> 19).dataFetcher("shipping", env -> 7))
                .build(), representation -> entity((String) representation.get("upc")));
        warehouse = SUBGRAPHS.start("warehouse", """
                enum Category { TOOLS GARDEN TOYS }
                input ProductFilter { nameContains: String minStock: Int }
                type Product @key(fields: "upc") {
                  upc: String!
                  name: String! @shareable
                  stock: Int
                  shelfCategory: Category
                  binCode: String @inaccessible
                }
                type Query { featured: Product @shareable stocked(filter: ProductFilter): [Product!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("featured", env -> entity("p1"))
                        .dataFetcher("stocked", env -> PRODUCTS.keySet().stream().map(FieldOwnershipOverHttpTest::entity)
                                .filter(p -> (Integer) p.get("stock") > 0).toList()))
                .build(), representation -> entity((String) representation.get("upc")));
        pricing = SUBGRAPHS.start("pricing", """
                type Product @key(fields: "upc") {
                  upc: String!
                  price: Int @override(from: "storefront")
                  discount: Int @override(from: "storefront", label: "percent(0)")
                  tax: Int @override(from: "storefront", label: "vat-2027")
                  shipping: Int @override(from: "storefront", label: "percent(50)")
                }
                type Query { currency: String }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    Map<String, Object> product = entity((String) representation.get("upc"));
                    product.putAll(Map.of("discount", 5, "tax", 21, "shipping", 4));
                    return product;
                });
        labels = SUBGRAPHS.start("labels", """
                type Product @key(fields: "upc") {
                  upc: String!
                  binCode: String @external
                  shelfLabel: String @requires(fields: "binCode")
                }
                type Query { printers: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    Map<String, Object> product = new HashMap<>(representation);
                    product.put("shelfLabel", representation.get("binCode") == null ? null : "Bin " + representation.get("binCode"));
                    return product;
                });
        reviews = SUBGRAPHS.start("reviews", """
                type Product @key(fields: "upc", resolvable: false) { upc: String! }
                type Review { body: String! product: Product! }
                type Query { reviews: [Review!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("reviews", env -> List.of(
                        Map.of("body", "Sturdy", "product", Map.of("__typename", "Product", "upc", "p1")),
                        Map.of("body", "Flies well", "product", Map.of("__typename", "Product", "upc", "p3")))))
                .build(), representation -> null);
        SUBGRAPHS.compose(subgraph -> java.time.Duration.ofSeconds(5), java.util.Set.of("vat-2027"))
                .alsoOnApolloComposed("/supergraph/apollo-composed/field-ownership.graphql");
    }

    private static Map<String, Object> entity(String upc) {
        Map<String, Object> product = new HashMap<>(PRODUCTS.get(upc));
        product.put("__typename", "Product");
        return product;
    }

    @Test
    void shareableRootFieldGoesToTheSubgraphThatResolvesTheWholeSelection() throws Exception {
        JsonNode withStock = SUBGRAPHS.execute("{ featured { name stock } }");
        List<Map<String, Object>> storefrontRequests = storefront.requests();
        SUBGRAPHS.forgetRequests();
        JsonNode withCategory = SUBGRAPHS.execute("{ featured { name category } }");

        assertEquals(JSON.readTree("""
                {"data": {"featured": {"name": "Table", "stock": 3}}}
                """), withStock);
        assertEquals(List.of(), storefrontRequests, "the warehouse answers all of it: no hop through the storefront");
        assertEquals(JSON.readTree("""
                {"data": {"featured": {"name": "Table", "category": "TOOLS"}}}
                """), withCategory);
        assertEquals(List.of(), warehouse.requests(), "the storefront answers all of it: no hop through the warehouse");
    }

    @Test
    void shareableFieldIsTakenFromTheSubgraphAlreadyFetchingItsParent() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ stocked { name stock } }");

        assertEquals(JSON.readTree("""
                {"data": {"stocked": [{"name": "Table", "stock": 3}, {"name": "Kite", "stock": 12}]}}
                """), response);
        assertEquals(List.of(), storefront.requests());
    }

    @Test
    void overriddenFieldIsFetchedFromItsNewOwnerOnly() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ topProducts { name price } }");

        assertEquals(JSON.readTree("""
                {"data": {"topProducts": [{"name": "Table", "price": 110}, {"name": "Chair", "price": 55},
                                          {"name": "Kite", "price": 25}]}}
                """), response);
        assertEquals(1, storefront.requests().size());
        assertFalse(String.valueOf(storefront.requests().get(0).get("query")).contains("price"),
                "the storefront lost price to pricing: " + storefront.requests().get(0).get("query"));
        assertEquals(1, pricing.requests().size());
    }

    @Test
    void inaccessibleFieldIsHiddenFromClientsButStillServesARequires() throws Exception {
        JsonNode labelled = SUBGRAPHS.execute("{ stocked { name shelfLabel } }");
        JsonNode asked = SUBGRAPHS.execute("{ stocked { binCode } }");
        // Field order differs between the two compositions: introspection is compared by content below.
        JsonNode introspected = SUBGRAPHS.executeOnOurSupergraph("{ __type(name: \"Product\") { fields { name } } }", Map.of());

        assertEquals(JSON.readTree("""
                {"data": {"stocked": [{"name": "Table", "shelfLabel": "Bin A3"}, {"name": "Kite", "shelfLabel": "Bin C7"}]}}
                """), labelled);
        assertEquals(JSON.readTree("""
                [{"__typename": "Product", "upc": "p1", "binCode": "A3"}, {"__typename": "Product", "upc": "p3", "binCode": "C7"}]
                """), JSON.valueToTree(labels.requests().get(0)).at("/variables/representations"));
        assertEquals("GRAPHQL_VALIDATION_FAILED", asked.at("/errors/0/extensions/code").asText(), asked.toString());
        assertFalse(asked.has("data"));
        assertFalse(introspected.toString().contains("binCode"), introspected.toString());
        assertTrue(introspected.toString().contains("shelfLabel"), introspected.toString());
    }

    @Test
    void entityReferencedWithoutAResolvableKeyIsCompletedByTheSubgraphsThatResolveIt() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ reviews { body product { upc name stock } } }");

        assertEquals(JSON.readTree("""
                {"data": {"reviews": [
                  {"body": "Sturdy", "product": {"upc": "p1", "name": "Table", "stock": 3}},
                  {"body": "Flies well", "product": {"upc": "p3", "name": "Kite", "stock": 12}}
                ]}}
                """), response);
        assertEquals(1, reviews.requests().size());
        assertEquals(1, warehouse.requests().size(), "name and stock come from one entity fetch");
        assertEquals(List.of(), storefront.requests());
    }

    @Test
    void enumValueOnlyOneSubgraphKnowsIsServedFromThatSubgraph() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ topProducts { name category shelfCategory } }");

        assertEquals(JSON.readTree("""
                {"data": {"topProducts": [
                  {"name": "Table", "category": "TOOLS", "shelfCategory": "TOOLS"},
                  {"name": "Chair", "category": "GARDEN", "shelfCategory": "GARDEN"},
                  {"name": "Kite", "category": "GARDEN", "shelfCategory": "TOYS"}
                ]}}
                """), response);
    }

    @Test
    void inputTypeOffersOnlyTheFieldsEverySubgraphAccepts() throws Exception {
        JsonNode common = SUBGRAPHS.execute("""
                query Find($filter: ProductFilter) { topProducts(filter: $filter) { name } }
                """, Map.of("filter", Map.of("nameContains", "a")));
        JsonNode storefrontOnly = SUBGRAPHS.execute("{ topProducts(filter: {onSale: true}) { name } }");

        assertEquals(JSON.readTree("""
                {"data": {"topProducts": [{"name": "Table"}, {"name": "Chair"}]}}
                """), common);
        assertEquals(Map.of("filter", Map.of("nameContains", "a")), storefront.requests().get(0).get("variables"));
        assertEquals("GRAPHQL_VALIDATION_FAILED", storefrontOnly.at("/errors/0/extensions/code").asText(),
                storefrontOnly.toString());
        assertEquals(1, storefront.requests().size(), "an invalid operation reaches no subgraph");
    }

    @Test
    void progressiveOverrideMovesALabelledFieldOnlyWhileItsLabelIsOn() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ topProducts(filter: {nameContains: \"Table\"}) { name discount tax } }");

        assertEquals(JSON.readTree("""
                {"data": {"topProducts": [{"name": "Table", "discount": 0, "tax": 21}]}}
                """), response);
        String storefrontQuery = String.valueOf(storefront.requests().get(0).get("query"));
        String pricingQuery = String.valueOf(pricing.requests().get(0).get("query"));
        assertTrue(storefrontQuery.contains("discount") && !storefrontQuery.contains("tax"), storefrontQuery);
        assertTrue(pricingQuery.contains("tax") && !pricingQuery.contains("discount"), pricingQuery);
    }

    @Test
    void percentLabelSendsAShareOfRequestsToEachSide() throws Exception {
        Map<Integer, Integer> answers = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            // Each request draws its labels: two gateways may draw differently, so only ours is asked.
            JsonNode response = SUBGRAPHS.executeOnOurSupergraph("{ topProducts(filter: {nameContains: \"Kite\"}) { shipping } }", Map.of());
            answers.merge(response.at("/data/topProducts/0/shipping").asInt(), 1, Integer::sum);
        }

        // With odds of one half per request, 200 requests all on one side would happen once in 2^199 runs.
        assertEquals(java.util.Set.of(4, 7), answers.keySet(), answers.toString());
    }
}
