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

/** Interfaces and unions whose members are completed by another subgraph, over real HTTP. */
class AbstractTypesOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final List<Map<String, Object>> MEDIA = List.of(
            Map.of("__typename", "Book", "id", "b1", "title", "Dune", "pages", 412),
            Map.of("__typename", "Movie", "id", "m1", "title", "Alien", "minutes", 117),
            Map.of("__typename", "Book", "id", "b2", "title", "Emma", "pages", 474));
    private static final Map<String, Double> RATINGS = Map.of("b1", 4.5, "b2", 3.9, "m1", 4.8);

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph catalog;
    private static TestSubgraph ratings;
    private static TestSubgraph popularity;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        TypeResolver byTypename = env -> env.getSchema().getObjectType((String) ((Map<?, ?>) env.getObject()).get("__typename"));
        catalog = SUBGRAPHS.start("catalog", """
                interface Media @key(fields: "id") { id: ID! title: String! }
                type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int }
                type Movie implements Media @key(fields: "id") { id: ID! title: String! minutes: Int }
                union SearchResult = Book | Movie
                type Query { media: [Media!]! search(term: String!): [SearchResult!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Media", type -> type.typeResolver(byTypename))
                .type("SearchResult", type -> type.typeResolver(byTypename))
                .type("Query", type -> type.dataFetcher("media", env -> MEDIA)
                        .dataFetcher("search", env -> MEDIA.stream()
                                .filter(m -> ((String) m.get("title")).contains(env.<String>getArgument("term"))).toList()))
                .build(), representation -> MEDIA.stream()
                .filter(m -> m.get("id").equals(representation.get("id"))).findFirst().orElse(null));
        ratings = SUBGRAPHS.start("ratings", """
                type Book @key(fields: "id") { id: ID! rating: Float }
                type Movie @key(fields: "id") { id: ID! rating: Float }
                type Query { ratedBooks: Int }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("ratedBooks", env -> RATINGS.size()))
                .build(), representation -> Map.of("__typename", representation.get("__typename"), "id", representation.get("id"),
                "rating", RATINGS.get((String) representation.get("id"))));
        popularity = SUBGRAPHS.start("popularity", """
                type Media @key(fields: "id") @interfaceObject { id: ID! views: Int }
                type Query { trending: [Media!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", type -> type.dataFetcher("trending", env -> List.of(
                        Map.of("__typename", "Media", "id", "m1", "views", 99),
                        Map.of("__typename", "Media", "id", "b1", "views", 10)))).build(),
                representation -> Map.of("__typename", "Media",
                "id", representation.get("id"), "views", ((String) representation.get("id")).startsWith("b") ? 10 : 99));
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/abstract-types.graphql");
    }

    @Test
    void interfaceFragmentsAreCompletedFromTheSubgraphThatOwnsEachImplementationsFields() throws Exception {
        JsonNode response = execute("""
                { media { __typename title ... on Book { pages rating } ... on Movie { minutes } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"media": [
                  {"__typename": "Book", "title": "Dune", "pages": 412, "rating": 4.5},
                  {"__typename": "Movie", "title": "Alien", "minutes": 117},
                  {"__typename": "Book", "title": "Emma", "pages": 474, "rating": 3.9}
                ]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Book", "id": "b1"}, {"__typename": "Book", "id": "b2"}]
                """), JSON.valueToTree(ratings.requests().get(0)).at("/variables/representations"));
    }

    @Test
    void unionMembersSelectedByNamedFragmentsAreCompletedToo() throws Exception {
        JsonNode response = execute("""
                query Find { search(term: "e") { ...Rated ... on Movie { title } } }
                fragment Rated on Book { title rating }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"search": [
                  {"title": "Dune", "rating": 4.5}, {"title": "Alien"}
                ]}}
                """), response);
    }

    @Test
    void entitiesOfSeveralTypesAtOnePathGoToTheirSubgraphInOneRequest() throws Exception {
        JsonNode response = execute("""
                { media { ... on Book { rating } ... on Movie { title rating } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"media": [{"rating": 4.5}, {"title": "Alien", "rating": 4.8}, {"rating": 3.9}]}}
                """), response);
        assertEquals(1, ratings.requests().size());
        assertEquals(JSON.readTree("""
                [{"__typename": "Book", "id": "b1"}, {"__typename": "Movie", "id": "m1"}, {"__typename": "Book", "id": "b2"}]
                """), JSON.valueToTree(ratings.requests().get(0)).at("/variables/representations"));
    }

    @Test
    void fieldOfAnInterfaceObjectIsFetchedWithTheInterfaceAsTheRepresentationsType() throws Exception {
        JsonNode response = execute("""
                { media { __typename title views } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"media": [
                  {"__typename": "Book", "title": "Dune", "views": 10},
                  {"__typename": "Movie", "title": "Alien", "views": 99},
                  {"__typename": "Book", "title": "Emma", "views": 10}
                ]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Media", "id": "b1"}, {"__typename": "Media", "id": "m1"}, {"__typename": "Media", "id": "b2"}]
                """), JSON.valueToTree(popularity.requests().get(0)).at("/variables/representations"));
    }

    @Test
    void colocatedFragmentsOverlappingAtInterfaceAndTypeLevelAreAnsweredAndFetchedAsOneMergedSelection()
            throws Exception {
        String colocated = """
                query Colocated($withRating: Boolean!) { media { ...Card ...Details } }
                fragment Card on Media { id title }
                fragment Details on Media {
                  ... on Book { title pages rating @include(if: $withRating) }
                  ... on Movie { id views }
                  views @skip(if: true)
                }
                """;

        JsonNode response = SUBGRAPHS.execute(colocated, Map.of("withRating", true));

        assertEquals(JSON.readTree("""
                {"data": {"media": [
                  {"id": "b1", "title": "Dune", "pages": 412, "rating": 4.5},
                  {"id": "m1", "title": "Alien", "views": 99},
                  {"id": "b2", "title": "Emma", "pages": 474, "rating": 3.9}
                ]}}
                """), response);
        // Only the movie's views are asked for, and only the books' ratings: the merged selection per type.
        assertEquals(JSON.readTree("""
                [{"__typename": "Media", "id": "m1"}]
                """), JSON.valueToTree(popularity.requests().get(0)).at("/variables/representations"));
        assertEquals(JSON.readTree("""
                [{"__typename": "Book", "id": "b1"}, {"__typename": "Book", "id": "b2"}]
                """), JSON.valueToTree(ratings.requests().get(0)).at("/variables/representations"));

        SUBGRAPHS.forgetRequests();
        assertEquals(JSON.readTree("""
                {"data": {"media": [
                  {"id": "b1", "title": "Dune", "pages": 412},
                  {"id": "m1", "title": "Alien", "views": 99},
                  {"id": "b2", "title": "Emma", "pages": 474}
                ]}}
                """), SUBGRAPHS.execute(colocated, Map.of("withRating", false)));
        assertEquals(List.of(), ratings.requests());
    }

    @Test
    void anInterfaceObjectEnteredFromItsOwnSubgraphIsResolvedToItsConcreteTypesAndCompletedFromThere()
            throws Exception {
        JsonNode response = execute("""
                { trending { __typename id views title ... on Book { pages rating } ... on Movie { minutes } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"trending": [
                  {"__typename": "Movie", "id": "m1", "views": 99, "title": "Alien", "minutes": 117},
                  {"__typename": "Book", "id": "b1", "views": 10, "title": "Dune", "pages": 412, "rating": 4.5}
                ]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Media", "id": "m1"}, {"__typename": "Media", "id": "b1"}]
                """), JSON.valueToTree(catalog.requests().get(0)).at("/variables/representations"));
        assertEquals(JSON.readTree("""
                [{"__typename": "Book", "id": "b1"}]
                """), JSON.valueToTree(ratings.requests().get(0)).at("/variables/representations"));
    }

    private static JsonNode execute(String query) throws Exception {
        return SUBGRAPHS.execute(query);
    }
}
