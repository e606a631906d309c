package org.throughline.benchmark.differential;

import graphql.schema.GraphQLSchema;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShrinkerTest {

    private static final GraphQLSchema SCHEMA = TestSchemas.schema(TestSchemas.KEYS_ARGUMENTS);

    @Test
    void keepsOnlyWhatTheDifferenceNeedsAndDropsUnusedFragmentsAndVariables() {
        OperationGenerator generator = new OperationGenerator(SCHEMA, Map.of());
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential($v1: ID!, $b2: Boolean!) {
                  employee(id: $v1) { id name ...F1 }
                  ... on Query { employees(order: DESC) @include(if: $b2) { alias1: name ...F2 manager { badge } } }
                }
                fragment F1 on Employee { badge doors }
                fragment F2 on Employee { id status }
                """, Map.of("v1", "e1", "b2", true));

        GeneratedOperation shrunk = new Shrinker(generator::isValid, 500)
                .shrink(operation, candidate -> candidate.query().contains("status"));

        assertEquals("""
                query Differential {
                  employees {
                    status
                  }
                }""", shrunk.query().strip());
        assertEquals(Map.of(), shrunk.variables());
    }

    @Test
    void neverOffersAnInvalidOperation() {
        OperationGenerator generator = new OperationGenerator(SCHEMA, Map.of());
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential { door(code: "main") { shifts(week: 1) badge } }
                """, Map.of());

        GeneratedOperation shrunk = new Shrinker(generator::isValid, 500).shrink(operation, candidate -> {
            assertTrue(generator.isValid(candidate.query()), candidate.query());
            return candidate.query().contains("shifts");
        });

        assertTrue(shrunk.query().contains("shifts(week: 1)"), shrunk.query());
        assertTrue(shrunk.query().contains("door(code: \"main\")"), shrunk.query());
    }
}
