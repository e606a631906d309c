package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Introspection beside the rest of an operation, over a real subgraph: answered from the API schema whatever else
 * the operation selects, and refused whole, with a code, where the gateway will not answer it (never a null in a
 * non-null position without an error).
 */
class IntrospectionOverHttpTest {

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();

    @BeforeAll
    static void startSubgraphs() throws Exception {
        SUBGRAPHS.startTopProducts(representation -> null);
        SUBGRAPHS.compose();
    }

    private static JsonNode run(String query) throws Exception {
        return FederatedSubgraphs.JSON.valueToTree(SUBGRAPHS.gateway().execute(new GraphQLRequest(query, null,
                Map.of("type", "Product")), Map.of()).toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    @Test
    void typeIsAnsweredBesideAnotherRootFieldAndTheirDataComeTogether() throws Exception {
        JsonNode response = run("""
                query Both($type: String!) {
                  product: __type(name: $type) { name fields { name } }
                  topProducts { upc name }
                  __schema { queryType { name } }
                }
                """);
        assertFalse(response.has("errors"), response.toString());
        assertEquals("Product", response.at("/data/product/name").asText());
        assertEquals("upc", response.at("/data/product/fields/0/name").asText());
        assertEquals("Chair", response.at("/data/topProducts/1/name").asText());
        assertEquals("Query", response.at("/data/__schema/queryType/name").asText());
    }

    @Test
    void introspectionInAFragmentOnTheRootIsAnswered() throws Exception {
        JsonNode response = run("""
                { ...Schema topProducts { upc } }
                fragment Schema on Query { __schema { queryType { name } } }
                """);
        assertFalse(response.has("errors"), response.toString());
        assertEquals("Query", response.at("/data/__schema/queryType/name").asText());
        assertEquals("p1", response.at("/data/topProducts/0/upc").asText());
    }

    @Test
    void introspectionNestingItsListsTooDeepIsRefusedWholeBeforeAnyFetch() throws Exception {
        JsonNode response = run("""
                { topProducts { upc } __schema { types { fields { type { fields { type { fields { name } } } } } } } }
                """);
        assertFalse(response.has("data"), response.toString());
        assertEquals("MAX_INTROSPECTION_DEPTH_LIMIT", response.at("/errors/0/extensions/code").asText());
        assertTrue(SUBGRAPHS.get("products").requests().isEmpty(), "a refused operation reached a subgraph");
    }

    @Test
    void introspectionAskingForTheSameListTwiceIsRefusedWholeWithACodeNotANullSchema() throws Exception {
        JsonNode response = run("""
                { topProducts { upc } __schema { types { a: fields { name } b: fields { name } } } }
                """);
        assertFalse(response.has("data"), response.toString());
        assertEquals("INTROSPECTION_TOO_LARGE", response.at("/errors/0/extensions/code").asText(),
                response.toString());
        assertTrue(SUBGRAPHS.get("products").requests().isEmpty(), "a refused operation reached a subgraph");
    }
}
