package org.throughline.gateway.supergraph;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.supergraph.SupergraphComposer.SubgraphSchema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SatisfiabilityTest {

    private static final String LINK = """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])
            """;

    @ParameterizedTest
    @ValueSource(strings = {"abstract-types", "authorization", "entity-keys", "field-ownership", "field-sets",
            "implementations-per-subgraph", "inaccessible-enum-values", "key-chains", "requires-and-provides", "value-types", "assembled-keys", "field-types-per-subgraph", "requires-through-fragments", "requires-ordering"})
    void everySupergraphApolloComposedIsFoundSatisfiable(String name) throws IOException {
        Supergraph supergraph = SupergraphReader.read(resource("/supergraph/apollo-composed/" + name + ".graphql"));

        assertEquals(List.of(), Satisfiability.unsatisfiableFields(supergraph));
    }

    @Test
    void ourPlatformsSupergraphIsSatisfiable() {
        Supergraph supergraph = SupergraphReader.read(SupergraphComposer.compose(SubgraphSchemas.throughline()));

        assertEquals(List.of(), Satisfiability.unsatisfiableFields(supergraph));
    }

    @Test
    void fieldsBehindAKeyTheReachingSubgraphCannotSupplyFailComposition() {
        List<SubgraphSchema> subgraphs = List.of(
                new SubgraphSchema("catalog", "http://catalog.invalid/graphql", LINK + """
                        type Product @key(fields: "id") { id: ID! name: String! }
                        type Query { products: [Product!]! }
                        """),
                new SubgraphSchema("pricing", "http://pricing.invalid/graphql", LINK + """
                        type Product @key(fields: "sku") { sku: String! price: Int! }
                        type Currency { code: String! }
                        type Query { currency: Currency }
                        """));

        SupergraphException refused = assertThrows(SupergraphException.class, () -> SupergraphComposer.compose(subgraphs));

        assertTrue(refused.getMessage().contains(
                "Product.price (from subgraph catalog), Product.sku (from subgraph catalog)"),
                refused.getMessage());
    }

    @Test
    void anExternalFieldIsAnsweredWhereItsSubgraphProvidesIt() {
        List<SubgraphSchema> subgraphs = List.of(
                new SubgraphSchema("reviews", "http://reviews.invalid/graphql", LINK + """
                        type Review { body: String! author: User! @provides(fields: "name") }
                        type User @key(fields: "id", resolvable: false) { id: ID! name: String! @external }
                        type Query { reviews: [Review!]! }
                        """),
                new SubgraphSchema("accounts", "http://accounts.invalid/graphql", LINK + """
                        type User @key(fields: "id") { id: ID! name: String! @shareable }
                        type Query { me: User }
                        """));

        Supergraph supergraph = SupergraphReader.read(SupergraphComposer.compose(subgraphs));

        assertEquals(List.of(), Satisfiability.unsatisfiableFields(supergraph));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = SatisfiabilityTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
