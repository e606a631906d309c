package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An enum value hidden from the API (@inaccessible) that a subgraph returns never reaches a client. */
class InaccessibleEnumValuesOverHttpTest {

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();

    @BeforeAll
    static void startSubgraphs() throws Exception {
        SUBGRAPHS.start("catalog", """
                enum Status { ACTIVE RETIRED @inaccessible }
                type Item { id: ID! status: Status state: Status! }
                type Query { items: [Item]! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("items", env -> List.of(
                        Map.of("id", "i1", "status", "ACTIVE", "state", "ACTIVE"),
                        Map.of("id", "i2", "status", "RETIRED", "state", "RETIRED"))))
                .build(), representation -> null);
        // Every answer is also checked on the supergraph Apollo's composition made of the same subgraph.
        SUBGRAPHS.compose().alsoOnApolloComposed("/supergraph/apollo-composed/inaccessible-enum-values.graphql");
    }

    @Test
    void anInaccessibleValueIsNullWithAnErrorAtItsPath() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ items { id status } }");

        assertEquals(FederatedSubgraphs.JSON.readTree("""
                {"items": [{"id": "i1", "status": "ACTIVE"}, {"id": "i2", "status": null}]}
                """), response.get("data"));
        assertEquals("[\"items\",1,\"status\"]", response.at("/errors/0/path").toString());
        assertEquals(1, response.get("errors").size(), response.toString());
    }

    @Test
    void inANonNullFieldItNullsTheNearestNullableParentWithOneError() throws Exception {
        JsonNode response = SUBGRAPHS.execute("{ items { id state } }");

        assertEquals(FederatedSubgraphs.JSON.readTree("""
                {"items": [{"id": "i1", "state": "ACTIVE"}, null]}
                """), response.get("data"));
        assertEquals("[\"items\",1,\"state\"]", response.at("/errors/0/path").toString());
        assertEquals(1, response.get("errors").size(), response.toString());
    }
}
