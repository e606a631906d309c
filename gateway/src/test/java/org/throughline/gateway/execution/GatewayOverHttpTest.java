package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The gateway's pipeline (plan, execute, shape) against two real subgraphs over HTTP: products owns products,
 * reviews owns reviews and adds {@code reviews} to products. Asserts whole responses.
 */
class GatewayOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<String, Map<String, Object>> PRODUCTS = new LinkedHashMap<>();

    static {
        PRODUCTS.put("p1", product("p1", "Table", 100));
        PRODUCTS.put("p2", product("p2", "Chair", 50));
        // Lamp's name is missing although the schema promises one: the products subgraph will report an error.
        PRODUCTS.put("p3", product("p3", null, 20));
    }

    private static final List<Map<String, Object>> REVIEWS = List.of(
            review("r1", "Sturdy", "p1"), review("r2", "Wobbly", "p2"), review("r3", "Big", "p1"),
            review("r4", "Dim", "p3"));
    /** A review whose product was deleted: its reference is null, so there is nothing to fetch for it. */
    private static final Map<String, Object> ORPHAN = new HashMap<>(Map.of("id", "r5", "body", "Gone"));

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph products;
    private static TestSubgraph reviews;
    private static volatile Duration productsTimeout = Duration.ofSeconds(5);

    @BeforeAll
    static void startSubgraphs() throws Exception {
        products = SUBGRAPHS.start("products", """
                type Product @key(fields: "upc") { upc: String! name: String! price: Int }
                type Query { topProducts(first: Int): [Product!] }
                type Mutation { bump: Int! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("topProducts", env -> {
                    Integer first = env.getArgument("first");
                    return PRODUCTS.values().stream().limit(first == null ? Long.MAX_VALUE : first).toList();
                }))
                .type("Mutation", type -> type.dataFetcher("bump", env -> COUNTER.incrementAndGet()))
                .build(), representation -> PRODUCTS.get((String) representation.get("upc")));
        reviews = SUBGRAPHS.start("reviews", """
                type Review { id: ID! body: String! product: Product! }
                type OrphanReview { id: ID! body: String! product: Product }
                type Product @key(fields: "upc") { upc: String! reviews: [Review!]! }
                type Query { reviews: [Review]! orphans: [OrphanReview!]! lost: [Review] }
                type Mutation { readCounter: Int! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("reviews", env -> REVIEWS)
                        .dataFetcher("orphans", env -> List.of(ORPHAN, REVIEWS.get(1)))
                        // A review of a product the products subgraph no longer knows: its entity comes back null.
                        .dataFetcher("lost", env -> List.of(review("r9", "Gone", "p404"))))
                .type("Mutation", type -> type.dataFetcher("readCounter", env -> COUNTER.get()))
                .type("Product", type -> type.dataFetcher("reviews", env -> {
                    Object upc = ((Map<?, ?>) env.getSource()).get("upc");
                    return REVIEWS.stream().filter(r -> ((Map<?, ?>) r.get("product")).get("upc").equals(upc)).toList();
                }))
                .build(), representation -> Map.of("__typename", "Product", "upc", representation.get("upc")));
        SUBGRAPHS.compose(subgraph -> subgraph.name().equals("products") ? productsTimeout : Duration.ofSeconds(5));
    }

    @BeforeEach
    void resetSubgraphs() {
        products.failWithStatus = 0;
        products.delay = Duration.ZERO;
        products.contentType = "application/json";
        products.rawAnswer = null;
        products.holdAnswersUntil = null;
        reviews.holdAnswersUntil = null;
        productsTimeout = Duration.ofSeconds(5);
        COUNTER.set(0);
    }

    @Test
    void aResponseKeySelectedTwiceAnswersBothSelections() throws Exception {
        JsonNode response = execute("{ topProducts(first: 2) { name } topProducts(first: 2) { reviews { body } } }",
                Map.of());

        assertEquals(json("""
                {"data": {"topProducts": [
                  {"name": "Table", "reviews": [{"body": "Sturdy"}, {"body": "Big"}]},
                  {"name": "Chair", "reviews": [{"body": "Wobbly"}]}
                ]}}
                """), response);
    }

    @Test
    void fragmentsThatSelectTheSameFieldWithDifferentSubselectionsAreMerged() throws Exception {
        // As Relay and Apollo Client colocate fragments: each component asks for the part of reviews it shows.
        JsonNode response = execute("""
                query Colocated { topProducts(first: 1) { ...Summary ...Details } }
                fragment Summary on Product { name reviews { id } }
                fragment Details on Product { reviews { body } price }
                """, Map.of());

        assertEquals(json("""
                {"data": {"topProducts": [
                  {"name": "Table", "reviews": [{"id": "r1", "body": "Sturdy"}, {"id": "r3", "body": "Big"}], "price": 100}
                ]}}
                """), response);
    }

    @Test
    void aNonNullFieldNoSubgraphAnsweredIsNeverASilentNull() throws Exception {
        JsonNode response = execute("{ lost { body product { name } } }", Map.of());

        assertEquals(json("{\"lost\": [null]}"), response.get("data"));
        assertEquals(json("[\"lost\", 0, \"product\", \"name\"]"), response.at("/errors/0/path"));
        assertEquals(1, response.get("errors").size(), response.toString());
    }

    @Test
    void entityFetchSendsEachRepresentationOnceAndFansTheResultsBackOut() throws Exception {
        JsonNode response = execute("{ reviews { id product { name } } }", Map.of());

        assertEquals(json("""
                [{"id": "r1", "product": {"name": "Table"}}, {"id": "r2", "product": {"name": "Chair"}},
                 {"id": "r3", "product": {"name": "Table"}}, null]
                """), response.at("/data/reviews"));
        assertEquals(1, products.requests().size());
        assertEquals(json("""
                [{"__typename": "Product", "upc": "p1"}, {"__typename": "Product", "upc": "p2"},
                 {"__typename": "Product", "upc": "p3"}]
                """), JSON.valueToTree(products.requests().get(0)).at("/variables/representations"));
    }

    @Test
    void nullInANonNullEntityFieldNullsTheNearestNullableParentAndTheErrorKeepsTheClientPath() throws Exception {
        JsonNode response = execute("{ reviews { body product { name } } }", Map.of());

        assertEquals(json("null"), response.at("/data/reviews/3"));
        assertEquals(json("""
                ["reviews", 3, "product", "name"]
                """), response.at("/errors/0/path"));
        assertEquals(1, response.get("errors").size(), response.toString());
    }

    @Test
    void failingSubgraphLeavesTheOtherSubgraphsDataAndAnErrorWithItsCode() throws Exception {
        products.failWithStatus = 503;

        JsonNode response = execute("{ reviews { id } topProducts { name } }", Map.of());

        assertEquals(json("""
                {"reviews": [{"id": "r1"}, {"id": "r2"}, {"id": "r3"}, {"id": "r4"}], "topProducts": null}
                """), response.get("data"));
        assertEquals("SUBREQUEST_HTTP_ERROR", response.at("/errors/0/extensions/code").asText());
        assertEquals("products", response.at("/errors/0/extensions/service").asText());
        assertEquals(json("""
                ["topProducts"]
                """), response.at("/errors/0/path"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\": {\"topProducts\": [", "[{\"data\": {}}]", "null", "\"data\"", "",
            "{\"extensions\": {}}", "{\"data\": {}} trailing"})
    void subgraphAnsweringWithSomethingOtherThanAGraphqlResponseIsAMalformedResponseNotAFailure(String body)
            throws Exception {
        products.rawAnswer = body;

        JsonNode response = execute("{ reviews { id } topProducts { name } }", Map.of());

        // The other subgraph's data stays; the field the broken one owed is null, with an error that says why.
        assertEquals(json("""
                {"reviews": [{"id": "r1"}, {"id": "r2"}, {"id": "r3"}, {"id": "r4"}], "topProducts": null}
                """), response.get("data"), response.toString());
        assertEquals("SUBREQUEST_MALFORMED_RESPONSE", response.at("/errors/0/extensions/code").asText(),
                response.toString());
        assertEquals("products", response.at("/errors/0/extensions/service").asText());
        assertEquals(json("""
                ["topProducts"]
                """), response.at("/errors/0/path"));
    }

    @Test
    void aSubgraphAnswerThatArrivesInManyChunksIsReadWholeAndBytesAfterItStillMakeItMalformed() throws Exception {
        // 240 KB: the HTTP client hands it over in chunks of at most 8 KB, which are parsed where they are.
        String name = "Table ".repeat(40_000);
        products.rawAnswer = "{\"data\": {\"topProducts\": [{\"name\": \"" + name + "\"}, {\"name\": \"Chair\"}]}}";

        JsonNode response = execute("{ topProducts { name } }", Map.of());

        assertEquals(name, response.at("/data/topProducts/0/name").asText(), "the first chunk's start");
        assertEquals("Chair", response.at("/data/topProducts/1/name").asText(), "the last chunk's end");
        assertNull(response.get("errors"), response.toString());

        products.rawAnswer += " trailing";
        response = execute("{ topProducts { name } }", Map.of());

        assertEquals("SUBREQUEST_MALFORMED_RESPONSE", response.at("/errors/0/extensions/code").asText(),
                response.toString());
    }

    @Test
    void failingEntityFetchPutsAnErrorAtEachPlaceItLeavesEmpty() throws Exception {
        products.failWithStatus = 503;

        JsonNode response = execute("{ reviews { id product { name } } }", Map.of());

        // product and its name are non-null in this schema: each review is nulled, the list keeps its four places.
        assertEquals(json("[null, null, null, null]"), response.at("/data/reviews"), response.toString());
        java.util.List<JsonNode> paths = new java.util.ArrayList<>();
        response.get("errors").forEach(error -> paths.add(error.get("path")));
        assertEquals(java.util.List.of(json("[\"reviews\", 0, \"product\", \"name\"]"),
                json("[\"reviews\", 1, \"product\", \"name\"]"), json("[\"reviews\", 2, \"product\", \"name\"]"),
                json("[\"reviews\", 3, \"product\", \"name\"]")), paths, response.toString());
        response.get("errors").forEach(error ->
                assertEquals("SUBREQUEST_HTTP_ERROR", error.at("/extensions/code").asText()));
    }

    @Test
    void slowSubgraphTimesOutWhileTheOthersAnswer() throws Exception {
        productsTimeout = Duration.ofMillis(200);
        products.delay = Duration.ofSeconds(2);

        JsonNode response = execute("{ topProducts { name } reviews { id } }", Map.of());

        assertEquals(json("null"), response.at("/data/topProducts"));
        assertEquals(4, response.at("/data/reviews").size());
        assertEquals("SUBREQUEST_TIMEOUT", response.at("/errors/0/extensions/code").asText());
    }

    @Test
    void independentFetchesAreInFlightTogether() throws Exception {
        // Each subgraph answers only once the other has been asked: one after the other, both would time out.
        productsTimeout = Duration.ofSeconds(2);
        products.holdAnswersUntil = reviews.requested();
        reviews.holdAnswersUntil = products.requested();

        JsonNode response = execute("{ topProducts(first: 1) { name } reviews { id } }", Map.of());

        assertEquals(json("""
                {"data": {"topProducts": [{"name": "Table"}],
                          "reviews": [{"id": "r1"}, {"id": "r2"}, {"id": "r3"}, {"id": "r4"}]}}
                """), response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/graphql-response+json; charset=utf-8",
            "application/graphql+json"})
    void subgraphAnsweringInEachGraphqlMediaTypeIsUnderstood(String mediaType) throws Exception {
        products.contentType = mediaType;

        JsonNode response = execute("{ topProducts(first: 2) { name price } }", Map.of());

        assertEquals(json("""
                {"data": {"topProducts": [{"name": "Table", "price": 100}, {"name": "Chair", "price": 50}]}}
                """), response);
    }

    @Test
    void mutationsRunOneAfterTheOtherInDocumentOrderAcrossSubgraphs() throws Exception {
        JsonNode response = execute("mutation { a: bump b: readCounter c: bump d: readCounter }", Map.of());

        assertEquals(json("""
                {"data": {"a": 1, "b": 1, "c": 2, "d": 2}}
                """), response);
    }

    @Test
    void eachSubgraphReceivesOnlyTheVariablesItsFetchUses() throws Exception {
        Map<String, Object> variables = new HashMap<>();
        variables.put("first", 1);
        variables.put("withReviews", false);

        JsonNode response = execute("""
                query Page($first: Int, $withReviews: Boolean!) {
                  topProducts(first: $first) { name }
                  reviews @include(if: $withReviews) { id }
                }
                """, variables);

        assertEquals(json("""
                {"data": {"topProducts": [{"name": "Table"}]}}
                """), response);
        assertEquals(Map.of("first", 1), products.requests().get(0).get("variables"));
        assertEquals(List.of(), reviews.requests(), "a skipped selection costs no fetch");
    }

    @Test
    void entityHopFromProductsIntoReviewsAndBackKeepsListOrder() throws Exception {
        JsonNode response = execute("{ topProducts(first: 2) { name reviews { body product { price } } } }", Map.of());

        assertEquals(json("""
                {"data": {"topProducts": [
                  {"name": "Table", "reviews": [{"body": "Sturdy", "product": {"price": 100}}, {"body": "Big", "product": {"price": 100}}]},
                  {"name": "Chair", "reviews": [{"body": "Wobbly", "product": {"price": 50}}]}
                ]}}
                """), response);
        assertEquals(2, products.requests().size());
        assertEquals(1, reviews.requests().size());
    }

    @Test
    void invalidOperationIsRejectedBeforeAnySubgraphIsAsked() throws Exception {
        JsonNode response = execute("{ topProducts { weight } }", Map.of());

        assertEquals("GRAPHQL_VALIDATION_FAILED", response.at("/errors/0/extensions/code").asText());
        assertEquals(false, response.has("data"));
        assertEquals(List.of(), products.requests());
    }

    @Test
    void missingRequiredVariableIsABadUserInputError() throws Exception {
        JsonNode response = execute("query($first: Int!) { topProducts(first: $first) { name } }", Map.of());

        assertEquals("BAD_USER_INPUT", response.at("/errors/0/extensions/code").asText());
        assertEquals(List.of(), products.requests());
    }

    @Test
    void nullReferenceIsNotSentAsARepresentationAndStaysNull() throws Exception {
        JsonNode response = execute("{ orphans { id product { name } } }", Map.of());

        assertEquals(json("""
                {"data": {"orphans": [{"id": "r5", "product": null}, {"id": "r2", "product": {"name": "Chair"}}]}}
                """), response);
        assertEquals(json("""
                [{"__typename": "Product", "upc": "p2"}]
                """), JSON.valueToTree(products.requests().get(0)).at("/variables/representations"));
    }

    @Test
    void circularReferencesAreFollowedHopByHop() throws Exception {
        JsonNode response = execute("{ topProducts(first: 1) { name reviews { product { name reviews { body } } } } }",
                Map.of());

        assertEquals(json("""
                {"data": {"topProducts": [{"name": "Table", "reviews": [
                  {"product": {"name": "Table", "reviews": [{"body": "Sturdy"}, {"body": "Big"}]}},
                  {"product": {"name": "Table", "reviews": [{"body": "Sturdy"}, {"body": "Big"}]}}
                ]}]}}
                """), response);
        // Product.reviews is the reviews subgraph's own field: one entity fetch there answers both levels.
        assertEquals(1, reviews.requests().size());
        assertEquals(2, products.requests().size());
    }

    @Test
    void operationsThatDifferOnlyInLayoutAndCommentsShareOnePlan() {
        GraphQLRequest compact = new GraphQLRequest("{topProducts{name}}", null, Map.of());
        GraphQLRequest spaced = new GraphQLRequest("""
                query {
                  # the shop window
                  topProducts { name }
                }
                """, null, Map.of());

        assertSame(SUBGRAPHS.gateway().planOf(compact), SUBGRAPHS.gateway().planOf(spaced));
        assertNotSame(SUBGRAPHS.gateway().planOf(compact), SUBGRAPHS.gateway().planOf(new GraphQLRequest("{topProducts{price}}", null, Map.of())));
    }

    @Test
    void entitiesAtSeveralPlacesGoToTheirSubgraphInOneRequestAndErrorsKeepTheirPlace() throws Exception {
        JsonNode response = execute("{ first: reviews { product { name } } second: reviews { id product { price } } }",
                Map.of());

        assertEquals(json("""
                [{"product": {"name": "Table"}}, {"product": {"name": "Chair"}}, {"product": {"name": "Table"}}, null]
                """), response.at("/data/first"));
        assertEquals(json("""
                [{"id": "r1", "product": {"price": 100}}, {"id": "r2", "product": {"price": 50}},
                 {"id": "r3", "product": {"price": 100}}, {"id": "r4", "product": {"price": 20}}]
                """), response.at("/data/second"));
        assertEquals(json("""
                ["first", 3, "product", "name"]
                """), response.at("/errors/0/path"));
        assertEquals(1, products.requests().size());
    }

    @Test
    void clientAliasUsingTheKeysNameDoesNotClashWithTheKeyTheGatewayNeeds() throws Exception {
        JsonNode response = execute("{ topProducts(first: 1) { upc: name reviews { body } } }", Map.of());

        assertEquals(json("""
                {"data": {"topProducts": [{"upc": "Table", "reviews": [{"body": "Sturdy"}, {"body": "Big"}]}]}}
                """), response);
        assertEquals(json("""
                [{"__typename": "Product", "upc": "p1"}]
                """), JSON.valueToTree(reviews.requests().get(0)).at("/variables/representations"));
    }

    @Test
    void clientAliasTakingTheKeysNameAfterTheHopDoesNotClashEither() throws Exception {
        JsonNode response = execute("{ topProducts(first: 1) { reviews { body } upc: name } }", Map.of());

        assertEquals(json("""
                {"data": {"topProducts": [{"reviews": [{"body": "Sturdy"}, {"body": "Big"}], "upc": "Table"}]}}
                """), response);
        assertEquals(json("""
                [{"__typename": "Product", "upc": "p1"}]
                """), JSON.valueToTree(reviews.requests().get(0)).at("/variables/representations"));
    }

    @Test
    void skipAndIncludeArePlannedPerValueSoThatOnlyWhatIsKeptIsFetched() throws Exception {
        String query = """
                query Page($withReviews: Boolean!) { topProducts(first: 1) { name reviews @include(if: $withReviews) { body } } }
                """;

        JsonNode without = execute(query, Map.of("withReviews", false));
        int reviewRequestsWithout = reviews.requests().size();
        JsonNode with = execute(query, Map.of("withReviews", true));

        assertEquals(json("""
                {"data": {"topProducts": [{"name": "Table"}]}}
                """), without);
        assertEquals(0, reviewRequestsWithout);
        assertEquals(json("""
                {"data": {"topProducts": [{"name": "Table", "reviews": [{"body": "Sturdy"}, {"body": "Big"}]}]}}
                """), with);
        assertEquals(1, reviews.requests().size());
    }

    private static JsonNode execute(String query, Map<String, Object> variables) throws Exception {
        return SUBGRAPHS.execute(query, variables);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Map<String, Object> product(String upc, String name, int price) {
        Map<String, Object> product = new HashMap<>();
        product.put("__typename", "Product");
        product.put("upc", upc);
        product.put("name", name);
        product.put("price", price);
        return product;
    }

    private static Map<String, Object> review(String id, String body, String upc) {
        return Map.of("id", id, "body", body, "product", Map.of("__typename", "Product", "upc", upc));
    }
}
