package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.supergraph.Satisfiability;
import org.throughline.gateway.supergraph.Supergraph;
import org.throughline.gateway.supergraph.SupergraphComposer;
import org.throughline.gateway.supergraph.SupergraphComposer.SubgraphSchema;
import org.throughline.gateway.supergraph.SupergraphReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A supergraph file with a field no subgraph can answer where clients reach it (served, with a warning): an
 * operation that asks for it is refused before any fetch, with {@code data: null} and the reason.
 */
class UnplannableOperationsTest {

    private static final String LINK = """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])
            """;

    @Test
    void anOperationThatCannotBePlannedIsRefusedBeforeAnyFetchWithNullDataAndTheReason() throws Exception {
        String satisfiable = SupergraphComposer.compose(List.of(
                new SubgraphSchema("catalog", "http://catalog.invalid/graphql", LINK + """
                        type Product @key(fields: "id") { id: ID! name: String! }
                        type Query { products: [Product!]! }
                        """),
                new SubgraphSchema("pricing", "http://pricing.invalid/graphql", LINK + """
                        type Product @key(fields: "id") { id: ID! price: Int! }
                        type Query { currencies: Int }
                        """)));
        // As a supergraph file edited by hand might have it: pricing no longer resolves products by their id.
        String unsatisfiable = satisfiable.replace("@join__type(graph: PRICING, key: \"id\")",
                "@join__type(graph: PRICING, key: \"id\", resolvable: false)");
        Supergraph supergraph = SupergraphReader.read(unsatisfiable);
        List<String> sent = new ArrayList<>();
        Gateway gateway = new Gateway(supergraph, (subgraph, operation, variables, headers) -> {
            sent.add(operation);
            return CompletableFuture.completedFuture(Map.of("data", Map.of()));
        });

        JsonNode response = FederatedSubgraphs.JSON.valueToTree(gateway.execute(
                new GraphQLRequest("{ products { name price } }", null, Map.of()), Map.of())
                .toCompletableFuture().get(10, TimeUnit.SECONDS));

        assertEquals(List.of("Product.price (from subgraph catalog)"), Satisfiability.unsatisfiableFields(supergraph));
        assertEquals(FederatedSubgraphs.JSON.readTree("""
                {"data": null, "errors": [{
                  "message": "field Product.price cannot be reached from subgraph catalog: no chain of keys leads from it to a subgraph that resolves the field",
                  "extensions": {"code": "QUERY_PLANNING_FAILED"}}]}
                """), response);
        assertEquals(List.of(), sent);
    }
}
