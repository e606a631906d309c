package org.throughline.edge;

import graphql.introspection.IntrospectionQuery;
import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits refuse documents of fragments spread into one another at once: each measure visits every selection of
 * the document a bounded number of times, however often a fragment is spread, and stops at its limit.
 */
class OperationLimitsTest {

    private static final OperationLimits LIMITS = OperationLimits.DEFAULTS;
    private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
            type Query { items(first: Int): [Item!]! item: Item }
            type Item { name: String children(first: Int): [Item!]! parent: Item }
            """), RuntimeWiring.MOCKED_WIRING);

    /** {@code fragment F<i> on <type> { <leaf> ...F<i+1> ...F<i+1> }}: 2^n leaves from n fragments. */
    private static String doubling(int n, String entry, String type, String leaf) {
        StringBuilder document = new StringBuilder("query { " + entry + " }\n");
        for (int i = 0; i < n; i++) {
            document.append("fragment F").append(i).append(" on ").append(type).append(" { ").append(leaf)
                    .append(" ...F").append(i + 1).append(" ...F").append(i + 1).append(" }\n");
        }
        return document.append("fragment F").append(n).append(" on ").append(type).append(" { ").append(leaf)
                .append(" }\n").toString();
    }

    private static Refusal refusal(String text) {
        Document document = LIMITS.parse(text);
        return assertThrows(Refusal.class, () -> LIMITS.requireShape(document, operation(document)), text);
    }

    private static OperationDefinition operation(Document document) {
        return document.getDefinitionsOfType(OperationDefinition.class).get(0);
    }

    private static Map<String, FragmentDefinition> fragments(Document document) {
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        return fragments;
    }

    @Test
    void doublingFragmentsOnTheRootAreRefusedForTheirRootFieldsAfterFewerVisitsThanTheDocumentHasSelections() {
        String text = doubling(60, "...F0", "Query", "__typename");
        Refusal refused = refusal(text);
        assertEquals("MAX_ROOT_FIELDS_LIMIT", refused.code());
        assertTrue(refused.getMessage().startsWith("the operation selects at least "), refused.getMessage());
    }

    @Test
    void doublingFragmentsWithoutAliasesInsideAFieldAreRefusedForTheirFields() {
        Refusal refused = refusal(doubling(60, "item { ...F0 }", "Item", "name"));
        assertEquals("MAX_FIELDS_LIMIT", refused.code());
    }

    @Test
    void doublingFragmentsWithAliasesAreRefusedForTheirAliases() {
        Refusal refused = refusal(doubling(60, "item { ...F0 }", "Item", "a: name"));
        assertEquals("MAX_ALIASES_LIMIT", refused.code());
    }

    @Test
    void eachFragmentIsMeasuredOnceHoweverOftenItIsSpread() {
        // Within every limit: 2^8 leaves, each fragment spread twice by the one before. Without reuse the measure
        // would visit every leaf; with it, each fragment's three selections are visited once.
        OperationLimits generous = new OperationLimits(0, 0, 0, 0, 0, 15_000, 0, 10);
        Document document = generous.parse(doubling(8, "item { ...F0 }", "Item", "name"));
        long visits = generous.selectionsVisited(document, operation(document));
        assertTrue(visits <= 2 * (1 + 1 + 3 * 9), "visited " + visits + " selections");
    }

    @Test
    void aFragmentsCostIsEstimatedOnceForEachListSizeItIsSpreadUnder() {
        // A list of size 0 multiplies 2^40 leaves away: the operation is affordable, and its estimate visits each
        // fragment once.
        Document document = LIMITS.parse(doubling(40, "items(first: 0) { ...F0 }", "Item", "name"));
        long visits = LIMITS.costSelectionsVisited(SCHEMA, fragments(document), operation(document), Map.of());
        assertTrue(visits <= 1 + 3 * 41, "visited " + visits + " selections");
        Document expensive = LIMITS.parse(doubling(40, "items(first: 2) { ...F0 }", "Item", "name"));
        Refusal refused = assertThrows(Refusal.class, () -> LIMITS.requireAffordable(SCHEMA, fragments(expensive),
                operation(expensive), Map.of()));
        assertEquals("COST_ESTIMATED_TOO_EXPENSIVE", refused.code());
    }

    @Test
    void theCostStopsAtTheFirstRootFieldThatTakesItPastTheLimit() {
        String expensive = "items(first: 1000000) { children { name } } ";
        Document document = LIMITS.parse("{ " + expensive.repeat(3) + " }");
        Refusal refused = assertThrows(Refusal.class, () -> LIMITS.requireAffordable(SCHEMA, fragments(document),
                operation(document), Map.of()));
        // 1 + 1,000,000 × (1 + 10 × 1) after the first root field: the others are never estimated.
        assertTrue(refused.getMessage().contains("at least 11000001;"), refused.getMessage());
    }

    @Test
    void introspectionNestingItsListsThreeDeepIsRefusedAndGraphiqlsOwnQueryIsNot() {
        Refusal refused = refusal("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }");
        assertEquals("MAX_INTROSPECTION_DEPTH_LIMIT", refused.code());
        Refusal throughFragments = refusal("""
                { __type(name: "Item") { ...Deep } }
                fragment Deep on __Type { interfaces { ...Fields } }
                fragment Fields on __Type { fields { type { possibleTypes { name } } } }
                """);
        assertEquals("MAX_INTROSPECTION_DEPTH_LIMIT", throughFragments.code());
        Document graphiql = LIMITS.parse(IntrospectionQuery.INTROSPECTION_QUERY);
        assertDoesNotThrow(() -> LIMITS.requireShape(graphiql, operation(graphiql)));
    }

    @Test
    void fragmentsThatSpreadEachOtherAreRefusedByNameBeforeTheyAreCounted() {
        Refusal refused = refusal("""
                { item { ...A } }
                fragment A on Item { name ...B }
                fragment B on Item { parent { ...C } }
                fragment C on Item { ...A }
                """);
        assertEquals("GRAPHQL_VALIDATION_FAILED", refused.code());
        assertEquals("the fragment A spreads itself, through B, C", refused.getMessage());
    }

    @Test
    void directivesAreCountedWhereverTheirFragmentIsSpread() {
        Refusal refused = refusal("{ item { ...D ...D ...D } } fragment D on Item { " + "name @include(if: true) "
                .repeat(40) + "}");
        assertEquals("MAX_DIRECTIVES_LIMIT", refused.code());
    }

    @Test
    void aDocumentOfTooManyTokensIsRefusedWhileItIsReadAndTheCheckpointCanStopAParse() {
        Refusal tokens = assertThrows(Refusal.class, () -> LIMITS.parse("{ " + "__typename ".repeat(20_000) + "}"));
        assertEquals("MAX_TOKENS_LIMIT", tokens.code());
        Refusal deep = assertThrows(Refusal.class, () -> LIMITS.parse("{ a ".repeat(2_000) + "}".repeat(2_000)));
        assertEquals("MAX_DEPTH_LIMIT", deep.code());
        IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> LIMITS.parse(
                "{ __schema { types { " + "__typename ".repeat(5_000) + "} } }", () -> {
                    throw new IllegalStateException("out of time");
                }));
        assertEquals("out of time", stopped.getMessage());
        Refusal syntax = assertThrows(Refusal.class, () -> LIMITS.parse("{ item { name }"));
        assertEquals("GRAPHQL_PARSE_FAILED", syntax.code());
        assertEquals(1, syntax.locations().size());
    }

    @Test
    void aLongChainOfFragmentsIsMeasuredWithoutRunningOutOfStack() {
        StringBuilder chain = new StringBuilder("{ ...F0 }\n");
        for (int i = 0; i < 1_500; i++) {
            chain.append("fragment F").append(i).append(" on Query { ...F").append(i + 1).append(" }\n");
        }
        chain.append("fragment F1500 on Query { __typename }\n");
        Document document = LIMITS.parse(chain.toString());
        assertDoesNotThrow(() -> LIMITS.requireShape(document, operation(document)));
    }

    @Test
    void theScanCountsTheTokensTheParserCountsAndRefusesTooManyBeforeParsing() {
        for (String document : java.util.List.of(IntrospectionQuery.INTROSPECTION_QUERY,
                "query Q($a: [Int!] = [1, -2, 3.5e-3], $b: String = \"x \\\" y\") @d { a: f(x: $a, y: {z: \"\"\"block "
                        + "\\\"\"\" \"\"\"}) ...F ... on T { g } } fragment F on T { h } # a comment, with commas\n",
                "\uFEFF{ __typename,,, }")) {
            int[] parsed = {0};
            graphql.parser.Parser.parse(graphql.parser.ParserEnvironment.newParserEnvironment().document(document)
                    .parserOptions(LIMITS.parserOptions().transform(o -> o.parsingListener(token -> parsed[0]++)))
                    .build());
            assertEquals(parsed[0], DocumentScan.of(document, Integer.MAX_VALUE).tokens(), document);
        }
        Refusal refused = assertThrows(Refusal.class, () -> LIMITS.parse("{ " + "a ".repeat(15_001) + "}", () -> {
            throw new IllegalStateException("the parser ran");
        }));
        assertEquals("MAX_TOKENS_LIMIT", refused.code());
    }
}
