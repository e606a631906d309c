package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Value types (no keys) whose fields are spread over subgraphs, over real HTTP: a shareable root field whose
 * selection no single subgraph can answer is split across them, and a value type under an entity is completed
 * from another subgraph through the entity's key.
 */
class ValueTypesOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph people;
    private static TestSubgraph avatars;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        people = SUBGRAPHS.start("people", """
                type Settings { theme: String! @shareable density: Int! }
                type User @key(fields: "id") { id: ID! profile: Profile! @shareable }
                type Profile { name: String! @shareable bio: String }
                type Query { settings: Settings! @shareable me: User }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t
                        .dataFetcher("settings", env -> Map.of("theme", "dark", "density", 2))
                        .dataFetcher("me", env -> Map.of("__typename", "User", "id", "u1",
                                "profile", Map.of("name", "Ada", "bio", "Counts things")))).build(),
                representation -> Map.of("__typename", "User", "id", representation.get("id"),
                        "profile", Map.of("name", "Ada", "bio", "Counts things")));
        avatars = SUBGRAPHS.start("avatars", """
                type Settings { theme: String! @shareable locale: String! }
                type User @key(fields: "id") { id: ID! profile: Profile! @shareable }
                type Profile { name: String! @shareable avatar: String }
                type Query { settings: Settings! @shareable }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t
                        .dataFetcher("settings", env -> Map.of("theme", "dark", "locale", "en-GB"))).build(),
                representation -> Map.of("__typename", "User", "id", representation.get("id"),
                        "profile", Map.of("name", "Ada", "avatar", "ada.png")));
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/value-types.graphql");
    }

    @Test
    void aShareableRootFieldNoSubgraphCanAnswerWholeIsSplitAcrossThem() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { settings { density theme locale } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"settings": {"density": 2, "theme": "dark", "locale": "en-GB"}}}
                """), response);
        assertEquals(1, people.requests().size());
        assertEquals(1, avatars.requests().size());
    }

    @Test
    void aShareableRootFieldOneSubgraphCanAnswerWholeIsOneFetch() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { settings { theme locale } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"settings": {"theme": "dark", "locale": "en-GB"}}}
                """), response);
        assertEquals(0, people.requests().size());
        assertEquals(1, avatars.requests().size());
    }

    @Test
    void aValueTypeUnderAnEntityIsCompletedThroughTheEntitysKey() throws Exception {
        JsonNode response = SUBGRAPHS.execute("""
                { me { profile { name bio avatar } } }
                """);

        assertEquals(JSON.readTree("""
                {"data": {"me": {"profile": {"name": "Ada", "bio": "Counts things", "avatar": "ada.png"}}}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "User", "id": "u1"}]
                """), JSON.valueToTree(avatars.requests().get(0)).at("/variables/representations"));
    }
}
