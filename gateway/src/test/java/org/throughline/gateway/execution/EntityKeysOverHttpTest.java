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
 * Entities with several keys, and with compound and nested keys, over real HTTP: the gateway must pick a key the
 * subgraph it comes from can supply, and send nested key fields as nested representations.
 */
class EntityKeysOverHttpTest {

    private static final ObjectMapper JSON = FederatedSubgraphs.JSON;
    private static final List<Map<String, Object>> USERS = List.of(
            Map.of("__typename", "User", "id", "u1", "email", "ada@example.org", "name", "Ada"),
            Map.of("__typename", "User", "id", "u2", "email", "alan@example.org", "name", "Alan"));
    private static final Map<String, Integer> INBOX = Map.of("ada@example.org", 3, "alan@example.org", 0);
    private static final List<Map<String, Object>> ACCOUNTS = List.of(
            Map.of("__typename", "Account", "number", "001", "bank", Map.of("code", "AAA"), "balance", 120),
            Map.of("__typename", "Account", "number", "001", "bank", Map.of("code", "BBB"), "balance", -40));

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();

    @BeforeAll
    static void startSubgraphs() throws Exception {
        SUBGRAPHS.start("users", """
                type User @key(fields: "id") @key(fields: "email") { id: ID! email: String! name: String }
                type Query { users: [User!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("users", env -> USERS)).build(),
                representation -> USERS.stream().filter(user -> representation.containsKey("id")
                        ? user.get("id").equals(representation.get("id"))
                        : user.get("email").equals(representation.get("email"))).findFirst().orElse(null));
        SUBGRAPHS.start("mail", """
                type User @key(fields: "email") { email: String! inbox: Int }
                type Query { mailboxes: [User!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("mailboxes", env -> List.of(
                        Map.of("__typename", "User", "email", "alan@example.org", "inbox", 0)))).build(),
                representation -> Map.of("__typename", "User", "email", representation.get("email"),
                        "inbox", INBOX.get((String) representation.get("email"))));
        SUBGRAPHS.start("billing", """
                type Account @key(fields: "number bank { code }") { number: String! bank: Bank! balance: Int }
                type Bank @shareable { code: String! }
                type Query { accounts: [Account!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("accounts", env -> ACCOUNTS))
                .build(), representation -> null);
        SUBGRAPHS.start("ledger", """
                type Account @key(fields: "number bank { code }") { number: String! bank: Bank! overdrawn: Boolean }
                type Bank @shareable { code: String! }
                type Query { ledgers: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    String bank = (String) ((Map<?, ?>) representation.get("bank")).get("code");
                    return Map.of("__typename", "Account", "number", representation.get("number"),
                            "bank", Map.of("code", bank), "overdrawn", bank.equals("BBB"));
                });
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/entity-keys.graphql");
    }

    @Test
    void entityIsFetchedThroughTheKeyItsSourceSubgraphKnows() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ mailboxes { inbox name } }");

        assertEquals(JSON.readTree("""
                {"data": {"mailboxes": [{"inbox": 0, "name": "Alan"}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "User", "email": "alan@example.org"}]
                """), JSON.valueToTree(SUBGRAPHS.get("users").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void entityWithSeveralKeysReachesASubgraphThatKnowsOnlyOneOfThem() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ users { name inbox } }");

        assertEquals(JSON.readTree("""
                {"data": {"users": [{"name": "Ada", "inbox": 3}, {"name": "Alan", "inbox": 0}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "User", "email": "ada@example.org"}, {"__typename": "User", "email": "alan@example.org"}]
                """), JSON.valueToTree(SUBGRAPHS.get("mail").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void compoundKeyWithANestedFieldTravelsAsANestedRepresentation() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ accounts { number balance overdrawn } }");

        assertEquals(JSON.readTree("""
                {"data": {"accounts": [{"number": "001", "balance": 120, "overdrawn": false},
                                       {"number": "001", "balance": -40, "overdrawn": true}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Account", "number": "001", "bank": {"code": "AAA"}},
                 {"__typename": "Account", "number": "001", "bank": {"code": "BBB"}}]
                """), JSON.valueToTree(SUBGRAPHS.get("ledger").requests().get(0)).at("/variables/representations"));
    }
}
