package org.throughline.benchmark.differential;

import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.validation.Validator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationGeneratorTest {

    private static final Map<String, List<Object>> SAMPLES = Map.of("id", List.of("e1", "b1"), "term", List.of("e"));

    @Test
    void everyGeneratedOperationIsValidAgainstItsSchemaAndWithinTheGatewaysLimits() {
        for (String sdl : List.of(TestSchemas.ABSTRACT_TYPES, TestSchemas.KEYS_ARGUMENTS)) {
            GraphQLSchema schema = TestSchemas.schema(sdl);
            OperationGenerator generator = new OperationGenerator(schema, SAMPLES);
            Random random = new Random(42);
            for (int i = 0; i < 300; i++) {
                GeneratedOperation operation = generator.next(random);
                assertEquals(List.of(), new Validator().validateDocument(schema, Parser.parse(operation.query()),
                        Locale.ENGLISH), operation.query());
                assertNull(new OperationLimitsCheck(schema).exceeded(Parser.parse(operation.query())), operation.query());
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameOperationsAndAnotherSeedOthers() {
        GraphQLSchema schema = TestSchemas.schema(TestSchemas.KEYS_ARGUMENTS);

        List<GeneratedOperation> first = generate(schema, 7);
        List<GeneratedOperation> again = generate(schema, 7);
        List<GeneratedOperation> other = generate(schema, 8);

        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void operationsUseEveryFeatureTheDifferentialTestIsAfter() {
        GraphQLSchema schema = TestSchemas.schema(TestSchemas.ABSTRACT_TYPES);
        String all = String.join("\n", generate(schema, 3).stream().map(GeneratedOperation::query).toList());
        String keys = String.join("\n", generate(TestSchemas.schema(TestSchemas.KEYS_ARGUMENTS), 3).stream()
                .map(GeneratedOperation::query).toList());

        for (String feature : List.of("fragment F", "...F", "... on Book", "... on Item", "... on SearchResult",
                "@skip(if: $", "@include(if: true)", "@skip(if: false)", "__typename", "$v", "(days: ")) {
            assertTrue(all.contains(feature), "no generated operation has " + feature);
        }
        for (String feature : List.of("filter: {", "statuses", "order: DESC", "$v", "page: ")) {
            assertTrue(keys.contains(feature), "no generated operation has " + feature);
        }
        assertTrue(all.matches("(?s).*\\b(\\w+)(\\d): (\\w+)\\(.*"), "no aliased field with arguments");
    }

    private static List<GeneratedOperation> generate(GraphQLSchema schema, long seed) {
        OperationGenerator generator = new OperationGenerator(schema, SAMPLES);
        Random random = new Random(seed);
        List<GeneratedOperation> operations = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            operations.add(generator.next(random));
        }
        return operations;
    }
}
