package org.throughline.gateway.planning;

import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizedOperationTest {

    private static GraphQLSchema schema(String sdl) {
        return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl),
                RuntimeWiring.newRuntimeWiring().type("Node", t -> t.typeResolver(env -> null)).build());
    }

    private static final GraphQLSchema SHAPES = schema("""
            interface Node { id: ID! next: Node }
            type A implements Node { id: ID! next: Node a: Int }
            type B implements Node { id: ID! next: Node b: Int }
            type Query { node: Node }
            """);

    @Test
    void everyOccurrenceOfAResponseKeyIsMergedPerRuntimeTypeInResponseOrder() {
        NormalizedOperation operation = NormalizedOperation.of(SHAPES, Parser.parse("""
                query { node { ...Ids next { id } ... on A { a next { ... on A { a } } } } }
                fragment Ids on Node { id next { __typename } }
                """), null, Map.of());

        NormalizedOperation.NormalizedField node = operation.root().fieldsOf("Query").get(0);
        assertEquals(List.of("id", "next", "a"), keys(node.children().fieldsOf("A")));
        assertEquals(List.of("id", "next"), keys(node.children().fieldsOf("B")));
        NormalizedOperation.NormalizedField nextOfA = node.children().fieldsOf("A").get(1);
        assertEquals(List.of("__typename", "id", "a"), keys(nextOfA.children().fieldsOf("A")));
        assertEquals(List.of("__typename", "id"), keys(nextOfA.children().fieldsOf("B")));
        assertNull(nextOfA.children().fieldsOf("A").get(0).definition());
    }

    @Test
    void skipAndIncludeAreResolvedByTheConditionValuesAndLeaveNoDirectiveBehind() {
        var document = Parser.parse("""
                query ($more: Boolean!) { node { id @include(if: $more) next @skip(if: true) { id } ... on B @include(if: $more) { b } } }
                """);

        NormalizedOperation with = NormalizedOperation.of(SHAPES, document, null, Map.of("more", true));
        NormalizedOperation without = NormalizedOperation.of(SHAPES, document, null, Map.of("more", false));

        assertEquals(List.of("id", "b"), keys(with.root().fieldsOf("Query").get(0).children().fieldsOf("B")));
        assertEquals(List.of(), with.root().fieldsOf("Query").get(0).children().fieldsOf("B").get(0).field().getDirectives());
        assertEquals(List.of(), keys(without.root().fieldsOf("Query").get(0).children().fieldsOf("B")));
    }

    @Test
    void anOperationThatTypeConditionsWouldExpandBeyondTheBoundIsRefusedNotExpanded() {
        String implementations = IntStream.range(0, 60)
                .mapToObj(i -> "type T" + i + " implements Node { id: ID! next: Node }")
                .collect(Collectors.joining("\n"));
        GraphQLSchema wide = schema("interface Node { id: ID! next: Node }\n" + implementations
                + "\ntype Query { node: Node }");

        PlanningException refused = assertThrows(PlanningException.class, () -> NormalizedOperation.of(wide,
                Parser.parse("{ node { next { next { id } } } }"), null, Map.of()));
        assertTrue(refused.getMessage().contains("more than 100000 fields"), refused.getMessage());
    }

    private static List<String> keys(List<NormalizedOperation.NormalizedField> fields) {
        return fields.stream().map(NormalizedOperation.NormalizedField::responseKey).toList();
    }
}
