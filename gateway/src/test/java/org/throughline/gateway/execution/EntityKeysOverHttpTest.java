package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.supergraph.SupergraphComposer;
import org.throughline.gateway.supergraph.SupergraphReader;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Entities with several keys, and with compound and nested keys, over real HTTP: the gateway must pick a key the
 * subgraph it comes from can supply, and send nested key fields as nested representations.
 */
class EntityKeysOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Map<String, Object>> USERS = List.of(
            Map.of("__typename", "User", "id", "u1", "email", "ada@example.org", "name", "Ada"),
            Map.of("__typename", "User", "id", "u2", "email", "alan@example.org", "name", "Alan"));
    private static final Map<String, Integer> INBOX = Map.of("ada@example.org", 3, "alan@example.org", 0);
    private static final List<Map<String, Object>> ACCOUNTS = List.of(
            Map.of("__typename", "Account", "number", "001", "bank", Map.of("code", "AAA"), "balance", 120),
            Map.of("__typename", "Account", "number", "001", "bank", Map.of("code", "BBB"), "balance", -40));

    private static Vertx vertx;
    private static final Map<String, TestSubgraph> SUBGRAPHS = new LinkedHashMap<>();
    private static Gateway gateway;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        vertx = Vertx.vertx();
        SUBGRAPHS.put("users", TestSubgraph.start(vertx, "users", """
                type User @key(fields: "id") @key(fields: "email") { id: ID! email: String! name: String }
                type Query { users: [User!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("users", env -> USERS)).build(),
                representation -> USERS.stream().filter(user -> representation.containsKey("id")
                        ? user.get("id").equals(representation.get("id"))
                        : user.get("email").equals(representation.get("email"))).findFirst().orElse(null)));
        SUBGRAPHS.put("mail", TestSubgraph.start(vertx, "mail", """
                type User @key(fields: "email") { email: String! inbox: Int }
                type Query { mailboxes: [User!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("mailboxes", env -> List.of(
                        Map.of("__typename", "User", "email", "alan@example.org", "inbox", 0)))).build(),
                representation -> Map.of("__typename", "User", "email", representation.get("email"),
                        "inbox", INBOX.get((String) representation.get("email")))));
        SUBGRAPHS.put("billing", TestSubgraph.start(vertx, "billing", """
                type Account @key(fields: "number bank { code }") { number: String! bank: Bank! balance: Int }
                type Bank @shareable { code: String! }
                type Query { accounts: [Account!]! }
                """, RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("accounts", env -> ACCOUNTS))
                .build(), representation -> null));
        SUBGRAPHS.put("ledger", TestSubgraph.start(vertx, "ledger", """
                type Account @key(fields: "number bank { code }") { number: String! bank: Bank! overdrawn: Boolean }
                type Bank @shareable { code: String! }
                type Query { ledgers: Int }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> {
                    String bank = (String) ((Map<?, ?>) representation.get("bank")).get("code");
                    return Map.of("__typename", "Account", "number", representation.get("number"),
                            "bank", Map.of("code", bank), "overdrawn", bank.equals("BBB"));
                }));
        gateway = new Gateway(SupergraphReader.read(SupergraphComposer.compose(
                SUBGRAPHS.values().stream().map(TestSubgraph::schema).toList())),
                new VertxSubgraphTransport(vertx, JSON, subgraph -> Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stopSubgraphs() throws Exception {
        for (TestSubgraph subgraph : SUBGRAPHS.values()) {
            subgraph.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void forgetRequests() {
        SUBGRAPHS.values().forEach(TestSubgraph::forgetRequests);
    }

    @Test
    void entityIsFetchedThroughTheKeyItsSourceSubgraphKnows() throws Exception {
        JsonNode response = execute("{ mailboxes { inbox name } }");

        assertEquals(JSON.readTree("""
                {"data": {"mailboxes": [{"inbox": 0, "name": "Alan"}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "User", "email": "alan@example.org"}]
                """), JSON.valueToTree(SUBGRAPHS.get("users").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void entityWithSeveralKeysReachesASubgraphThatKnowsOnlyOneOfThem() throws Exception {
        JsonNode response = execute("{ users { name inbox } }");

        assertEquals(JSON.readTree("""
                {"data": {"users": [{"name": "Ada", "inbox": 3}, {"name": "Alan", "inbox": 0}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "User", "email": "ada@example.org"}, {"__typename": "User", "email": "alan@example.org"}]
                """), JSON.valueToTree(SUBGRAPHS.get("mail").requests().get(0)).at("/variables/representations"));
    }

    @Test
    void compoundKeyWithANestedFieldTravelsAsANestedRepresentation() throws Exception {
        JsonNode response = execute("{ accounts { number balance overdrawn } }");

        assertEquals(JSON.readTree("""
                {"data": {"accounts": [{"number": "001", "balance": 120, "overdrawn": false},
                                       {"number": "001", "balance": -40, "overdrawn": true}]}}
                """), response);
        assertEquals(JSON.readTree("""
                [{"__typename": "Account", "number": "001", "bank": {"code": "AAA"}},
                 {"__typename": "Account", "number": "001", "bank": {"code": "BBB"}}]
                """), JSON.valueToTree(SUBGRAPHS.get("ledger").requests().get(0)).at("/variables/representations"));
    }

    private static JsonNode execute(String query) throws Exception {
        return JSON.valueToTree(gateway.execute(new GraphQLRequest(query, null, Map.of()), Map.of())
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
}
