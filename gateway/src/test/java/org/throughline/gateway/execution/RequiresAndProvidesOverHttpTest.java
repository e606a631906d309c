package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.throughline.gateway.planning.QueryPlan;
import org.throughline.gateway.planning.QueryPlanner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @requires} and {@code @provides} over real HTTP: inventory computes a shipping estimate from the price and
 * weight that products owns; reviews can return an author's username itself, accounts owns the rest of a user.
 */
class RequiresAndProvidesOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final List<Map<String, Object>> PRODUCTS = List.of(
            Map.of("__typename", "Product", "upc", "p1", "name", "Table", "price", 900, "weight", 30, "lengthCm", 200),
            Map.of("__typename", "Product", "upc", "p2", "name", "Chair", "price", 1200, "weight", 8, "lengthCm", 50));
    private static final Map<String, Map<String, Object>> ACCOUNTS = Map.of(
            "u1", Map.of("__typename", "User", "id", "u1", "username", "ada", "name", "Ada Lovelace"),
            "c1", Map.of("__typename", "Company", "id", "c1", "username", "acme", "vatNumber", "BE0123"));

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();

    @BeforeAll
    static void startSubgraphs() throws Exception {
        SUBGRAPHS.start("products", """
                enum LengthUnit { CENTIMETRE INCH }
                type Product @key(fields: "upc") {
                  upc: String! name: String! price: Int weight: Int
                  length(unit: LengthUnit = CENTIMETRE): Int
                }
                type Query { topProducts: [Product!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("topProducts", env -> PRODUCTS))
                .type("Product", type -> type.dataFetcher("length", env -> {
                    int centimetres = (Integer) env.<Map<String, Object>>getSource().get("lengthCm");
                    return "INCH".equals(env.getArgument("unit")) ? Math.round(centimetres / 2.54f) : centimetres;
                })).build(),
                representation -> PRODUCTS.stream().filter(p -> p.get("upc").equals(representation.get("upc")))
                        .findFirst().orElse(null));
        SUBGRAPHS.start("inventory", """
                type Product @key(fields: "upc") {
                  upc: String!
                  price: Int @external
                  weight: Int @external
                  shippingEstimate: Int @requires(fields: "price weight")
                }
                type Query { warehouses: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    Map<String, Object> product = new HashMap<>(representation);
                    // Free shipping above 1000, else half the weight: only computable with both required fields.
                    Object price = representation.get("price");
                    Object weight = representation.get("weight");
                    product.put("shippingEstimate", price == null || weight == null ? null
                            : ((Number) price).intValue() > 1000 ? 0 : ((Number) weight).intValue() / 2);
                    return product;
                });
        SUBGRAPHS.start("fees", """
                type Product @key(fields: "upc") {
                  upc: String!
                  shippingEstimate: Int @external
                  handlingFee: Int @requires(fields: "shippingEstimate")
                }
                type Query { feeSchedules: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    Map<String, Object> product = new HashMap<>(representation);
                    Object estimate = representation.get("shippingEstimate");
                    product.put("handlingFee", estimate == null ? null : ((Number) estimate).intValue() + 2);
                    return product;
                });
        SUBGRAPHS.start("freight", """
                enum LengthUnit { CENTIMETRE INCH }
                type Product @key(fields: "upc") {
                  upc: String!
                  length(unit: LengthUnit = CENTIMETRE): Int @external
                  freightClass: String @requires(fields: "length(unit: INCH)")
                }
                type Query { carriers: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    Map<String, Object> product = new HashMap<>(representation);
                    Object inches = representation.get("length");
                    product.put("freightClass", inches == null ? null : ((Number) inches).intValue() > 60 ? "oversize" : "standard");
                    return product;
                });
        TypeResolver byTypename = env -> env.getSchema().getObjectType((String) ((Map<?, ?>) env.getObject()).get("__typename"));
        SUBGRAPHS.start("reviews", """
                interface Account { id: ID! username: String }
                type User implements Account @key(fields: "id") { id: ID! username: String @external }
                type Company implements Account @key(fields: "id") { id: ID! username: String @external }
                type Review {
                  body: String!
                  author: User @provides(fields: "username")
                  postedBy: Account @provides(fields: "... on User { username } ... on Company { username }")
                  product: Product
                }
                type Product @key(fields: "upc") { upc: String! }
                type Query { reviews: [Review!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Account", type -> type.typeResolver(byTypename))
                .type("Query", type -> type.dataFetcher("reviews", env -> List.of(
                        Map.of("body", "Solid", "author", Map.of("__typename", "User", "id", "u1", "username", "ada"),
                                "postedBy", Map.of("__typename", "User", "id", "u1", "username", "ada"),
                                "product", Map.of("__typename", "Product", "upc", "p1")),
                        Map.of("body", "Wobbly", "author", Map.of("__typename", "User", "id", "u1", "username", "ada"),
                                "postedBy", Map.of("__typename", "Company", "id", "c1", "username", "acme"),
                                "product", Map.of("__typename", "Product", "upc", "p2")))))
                .build(), representation -> null);
        SUBGRAPHS.start("accounts", """
                interface Account { id: ID! username: String }
                type User implements Account @key(fields: "id") { id: ID! username: String @shareable name: String }
                type Company implements Account @key(fields: "id") { id: ID! username: String @shareable vatNumber: String }
                type Query { me: User }
                """, RuntimeWiring.newRuntimeWiring().type("Account", type -> type.typeResolver(byTypename)).build(),
                representation -> ACCOUNTS.get((String) representation.get("id")));
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/requires-and-provides.graphql");
    }

    @Test
    void requiredFieldsAreFetchedFirstAndTravelInTheRepresentations() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ topProducts { name shippingEstimate } }");

        assertEquals(JSON.readTree("""
                {"data": {"topProducts": [{"name": "Table", "shippingEstimate": 15}, {"name": "Chair", "shippingEstimate": 0}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Product", "upc": "p1", "price": 900, "weight": 30},
                 {"__typename": "Product", "upc": "p2", "price": 1200, "weight": 8}]
                """), JSON.valueToTree(SUBGRAPHS.get("inventory").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void requiredFieldsFromAnotherSubgraphAreFetchedBeforeTheFieldThatNeedsThem() throws Exception {
        QueryPlan plan = new QueryPlanner(SUBGRAPHS.supergraph()).plan(graphql.parser.Parser.parse(
                "{ reviews { product { shippingEstimate } } }"), null);

        JsonNode response = SUBGRAPHS.execute("{ reviews { product { shippingEstimate } } }");

        assertEquals(JSON.readTree("""
                {"data": {"reviews": [{"product": {"shippingEstimate": 15}}, {"product": {"shippingEstimate": 0}}]}}
                """), response);
        String printed = plan.print();
        assertTrue(printed.indexOf("service: \"PRODUCTS\"") < printed.indexOf("service: \"INVENTORY\""), printed);
        assertTrue(!printed.contains("Parallel"), "the inventory fetch must wait for products:\n" + printed);
    }

    @Test
    void providedFieldComesFromTheProvidingSubgraphWithoutAHop() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ reviews { body author { username } } }");

        assertEquals(JSON.readTree("""
                {"data": {"reviews": [{"body": "Solid", "author": {"username": "ada"}}, {"body": "Wobbly", "author": {"username": "ada"}}]}}
                """), response);
        assertEquals(List.of(), SUBGRAPHS.get("accounts").requests());
    }

    @Test
    void fieldBeyondWhatIsProvidedIsFetchedFromItsOwner() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ reviews { author { username name } } }");

        assertEquals(JSON.readTree("""
                {"data": {"reviews": [{"author": {"username": "ada", "name": "Ada Lovelace"}},
                                      {"author": {"username": "ada", "name": "Ada Lovelace"}}]}}
                """), response);
        assertEquals(1, SUBGRAPHS.get("accounts").requests().size());
        assertTrue(String.valueOf(SUBGRAPHS.get("accounts").requests().get(0).get("query")).contains("{name}"));
    }

    @Test
    void fieldRequiringAFieldThatItselfRequiresOthersWaitsForTheWholeChain() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ topProducts { name handlingFee } }");

        assertEquals(JSON.readTree("""
                {"data": {"topProducts": [{"name": "Table", "handlingFee": 17}, {"name": "Chair", "handlingFee": 2}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Product", "upc": "p1", "shippingEstimate": 15},
                 {"__typename": "Product", "upc": "p2", "shippingEstimate": 0}]
                """), JSON.valueToTree(SUBGRAPHS.get("fees").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void requiredFieldWithArgumentsIsFetchedWithThemBesideTheClientsOwnArgumentsForIt() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ topProducts { name length freightClass } }");

        assertEquals(JSON.readTree("""
                {"data": {"topProducts": [
                  {"name": "Table", "length": 200, "freightClass": "oversize"},
                  {"name": "Chair", "length": 50, "freightClass": "standard"}
                ]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Product", "upc": "p1", "length": 79},
                 {"__typename": "Product", "upc": "p2", "length": 20}]
                """), JSON.valueToTree(SUBGRAPHS.get("freight").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void fieldsProvidedOnAnInterfacesImplementationsNeedNoHop() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ reviews { postedBy { __typename username } } }");

        assertEquals(JSON.readTree("""
                {"data": {"reviews": [
                  {"postedBy": {"__typename": "User", "username": "ada"}},
                  {"postedBy": {"__typename": "Company", "username": "acme"}}
                ]}}
                """), response);
        assertEquals(List.of(), SUBGRAPHS.get("accounts").requests());
    }

    @Test
    void implementationFieldBeyondWhatAnInterfaceProvidesIsFetchedForThatTypeOnly() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ reviews { postedBy { username ... on Company { vatNumber } } } }");

        assertEquals(JSON.readTree("""
                {"data": {"reviews": [
                  {"postedBy": {"username": "ada"}},
                  {"postedBy": {"username": "acme", "vatNumber": "BE0123"}}
                ]}}
                """), response);
        assertEquals(1, SUBGRAPHS.get("accounts").requests().size());
        assertEquals(JSON.readTree("""
                [{"__typename": "Company", "id": "c1"}]
                """), JSON.valueToTree(SUBGRAPHS.get("accounts").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void clientAliasTakingARequiredFieldsNameLeavesTheRepresentationIntact() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ topProducts { price: name weight: upc shippingEstimate } }");

        assertEquals(JSON.readTree("""
                {"data": {"topProducts": [
                  {"price": "Table", "weight": "p1", "shippingEstimate": 15},
                  {"price": "Chair", "weight": "p2", "shippingEstimate": 0}
                ]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Product", "upc": "p1", "price": 900, "weight": 30},
                 {"__typename": "Product", "upc": "p2", "price": 1200, "weight": 8}]
                """), JSON.valueToTree(SUBGRAPHS.get("inventory").requests().get(0)).at("/variables/representations"));
    }
}
