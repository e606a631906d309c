package org.throughline.edge;

import graphql.introspection.IntrospectionQuery;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scan before parsing counts no more fields or root fields than the measures of the parsed document, so that
 * what it refuses the measures would refuse too; a document written out as it is measured is counted exactly.
 */
class DocumentScanTest {

    private static void assertBoundedByTheMeasure(String text, boolean exact) {
        DocumentScan scan = DocumentScan.of(text, Integer.MAX_VALUE);
        Document document = OperationLimits.DEFAULTS.parse(text);
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        assertEquals(operations.size(), scan.operations(), text);
        long[] measured = OperationLimits.fieldsAndRootFields(document, operations.get(0));
        long[] scanned = {scan.fields(), scan.rootFields()};
        if (exact) {
            assertArrayEquals(measured, scanned, text);
        } else {
            assertTrue(scanned[0] <= measured[0] && scanned[1] <= measured[1], text + ": scanned "
                    + scanned[0] + "/" + scanned[1] + ", measured " + measured[0] + "/" + measured[1]);
        }
    }

    @Test
    void fieldsWrittenOutOnceAreCountedExactlyWithAliasesArgumentsAndDirectives() {
        assertBoundedByTheMeasure("""
                query Q($id: ID = "}{", $filter: Filter = {status: [ACTIVE], nested: {a: 1}}) @live(every: 5) {
                  a: initiative(id: $id, filter: {name: "{ x y z }", of: [1, 2]}) @include(if: true) {
                    name # a comment { with braces } and fields
                    b: owner { id displayName }
                    milestones(first: 10) { title }
                  }
                  __typename
                  kpis { name description(format: \"\"\"a \\\""" block { } \"\"\") }
                }
                """, true);
    }

    @Test
    void fragmentsAndInlineFragmentsAreCountedNoMoreThanTheyAreSpread() {
        assertBoundedByTheMeasure("""
                { ...Root ... on Query { c } initiatives { ...Item ...Item ... @include(if: true) { d } } }
                fragment Root on Query { a b }
                fragment Item on Initiative { name on: owner { id } }
                fragment query on Initiative { x }
                """, false);
        assertBoundedByTheMeasure(IntrospectionQuery.INTROSPECTION_QUERY, false);
    }

    @Test
    void aDocumentOfOneOperationWritingOutTooManyFieldsIsRefusedBeforeItIsParsed() {
        String wide = "{ __schema { types { " + "__typename ".repeat(12_000) + "} } }";
        Refusal refused = assertThrows(Refusal.class, () -> OperationLimits.DEFAULTS.parse(wide, () -> {
            throw new IllegalStateException("the parser ran");
        }));
        assertEquals("MAX_FIELDS_LIMIT", refused.code());
        Refusal roots = assertThrows(Refusal.class, () -> OperationLimits.DEFAULTS.parse(
                "{ " + "__typename ".repeat(7_000) + "}", () -> {
                    throw new IllegalStateException("the parser ran");
                }));
        assertEquals("MAX_ROOT_FIELDS_LIMIT", roots.code());
    }

    @Test
    void aDocumentOfSeveralOperationsIsLeftToTheMeasuresOfTheOneChosen() {
        String two = "query A { __schema { types { " + "__typename ".repeat(6_000) + "} } } "
                + "query B { __schema { types { " + "__typename ".repeat(6_000) + "} } }";
        assertEquals(2, DocumentScan.of(two, Integer.MAX_VALUE).operations());
        assertDoesNotThrow(() -> OperationLimits.DEFAULTS.parse(two));
    }
}
