package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Field sets beyond plain fields, over real HTTP: a {@code @requires} with a nested selection, a {@code @provides}
 * on a union member, and an interface that only some subgraphs implement with a given type.
 */
class FieldSetsOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static final TypeResolver BY_TYPENAME =
            env -> env.getSchema().getObjectType((String) ((Map<?, ?>) env.getObject()).get("__typename"));

    @BeforeAll
    static void startSubgraphs() throws Exception {
        List<Map<String, Object>> boxes = List.of(
                Map.of("__typename", "Box", "id", "x1", "label", "Small", "size", Map.of("width", 2, "height", 3)),
                Map.of("__typename", "Box", "id", "x2", "label", "Large", "size", Map.of("width", 5, "height", 4)));
        SUBGRAPHS.start("shapes", """
                type Box @key(fields: "id") { id: ID! label: String size: Size! }
                type Size @shareable { width: Int! height: Int! }
                type Query { boxes: [Box!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("boxes", env -> boxes)).build(),
                representation -> null);
        SUBGRAPHS.start("shipping", """
                type Box @key(fields: "id") { id: ID! size: Size! @external volume: Int @requires(fields: "size { width height }") }
                type Size @shareable { width: Int! height: Int! }
                type Query { carriers: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    Map<?, ?> size = (Map<?, ?>) representation.get("size");
                    Map<String, Object> box = new HashMap<>(representation);
                    box.put("volume", size == null ? null
                            : ((Number) size.get("width")).intValue() * ((Number) size.get("height")).intValue());
                    return box;
                });
        SUBGRAPHS.start("feed", """
                type Post { id: ID! attachment: Attachment @provides(fields: "... on Photo { caption credit { name } }") }
                union Attachment = Photo | Video
                type Photo @key(fields: "id") { id: ID! caption: String @external credit: Photographer @external }
                type Photographer @key(fields: "id") { id: ID! name: String @external }
                type Video @key(fields: "id") { id: ID! }
                interface Node { id: ID! }
                type Story implements Node @key(fields: "id") { id: ID! headline: String }
                type Query { posts: [Post!]! nodes: [Node!]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Attachment", t -> t.typeResolver(BY_TYPENAME))
                .type("Node", t -> t.typeResolver(BY_TYPENAME))
                .type("Query", t -> t.dataFetcher("posts", env -> List.of(
                                Map.of("id", "post1", "attachment", Map.of("__typename", "Photo", "id", "ph1", "caption", "Sunset",
                                        "credit", Map.of("__typename", "Photographer", "id", "ph-a", "name", "Vivian"))),
                                Map.of("id", "post2", "attachment", Map.of("__typename", "Video", "id", "v1"))))
                        .dataFetcher("nodes", env -> List.of(Map.of("__typename", "Story", "id", "s1", "headline", "Hello"))))
                .build(), representation -> representation);
        SUBGRAPHS.start("media", """
                type Photo @key(fields: "id") { id: ID! caption: String @shareable url: String credit: Photographer @shareable }
                type Photographer @key(fields: "id") { id: ID! name: String @shareable country: String }
                type Video @key(fields: "id") { id: ID! duration: Int }
                interface Node { id: ID! }
                type Clip implements Node @key(fields: "id") { id: ID! length: Int }
                type Query { photos: [Photo!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Node", t -> t.typeResolver(BY_TYPENAME)).build(),
                representation -> Map.of("__typename", representation.get("__typename"), "id", representation.get("id"),
                        "duration", 42, "caption", "from media", "name", "from media", "country", "NO"));
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/field-sets.graphql");
    }

    @Test
    void requiresWithANestedSelectionSendsTheNestedFieldsInTheRepresentation() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ boxes { label volume } }");

        assertEquals(JSON.readTree("""
                {"data": {"boxes": [{"label": "Small", "volume": 6}, {"label": "Large", "volume": 20}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Box", "id": "x1", "size": {"width": 2, "height": 3}},
                 {"__typename": "Box", "id": "x2", "size": {"width": 5, "height": 4}}]
                """), JSON.valueToTree(SUBGRAPHS.get("shipping").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void providesOnAUnionMemberSavesTheHopForThatMemberOnly() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { posts { attachment { ... on Photo { caption } ... on Video { duration } } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"posts": [{"attachment": {"caption": "Sunset"}}, {"attachment": {"duration": 42}}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Video", "id": "v1"}]
                """), JSON.valueToTree(SUBGRAPHS.get("media").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void interfaceImplementedByATypeOnlyAnotherSubgraphKnowsIsPlannedWithTheTypesEachSubgraphHas() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { nodes { id ... on Story { headline } ... on Clip { length } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"nodes": [{"id": "s1", "headline": "Hello"}]}}
                """), response);
        assertEquals(List.of(), SUBGRAPHS.get("media").requests());
    }

    @Test
    void nestedProvidedSelectionIsAnsweredByTheProvidingSubgraphDownToItsLeaves() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { posts { attachment { ... on Photo { caption credit { name } } } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"posts": [{"attachment": {"caption": "Sunset", "credit": {"name": "Vivian"}}}, {"attachment": {}}]}}
                """), response);
        assertEquals(List.of(), SUBGRAPHS.get("media").requests());
    }

    @Test
    void fieldBelowANestedProvidedEntityIsFetchedForThatEntityAlone() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { posts { attachment { ... on Photo { credit { name country } } } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"posts": [{"attachment": {"credit": {"name": "Vivian", "country": "NO"}}}, {"attachment": {}}]}}
                """), response);
        assertEquals(1, SUBGRAPHS.get("media").requests().size());
        assertEquals(JSON.readTree("""
                [{"__typename": "Photographer", "id": "ph-a"}]
                """), JSON.valueToTree(SUBGRAPHS.get("media").requests().get(0)).at("/variables/representations"));
    }
}
