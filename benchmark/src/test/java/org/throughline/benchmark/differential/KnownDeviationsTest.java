package org.throughline.benchmark.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.GraphQLSchema;
import org.junit.jupiter.api.Test;
import org.throughline.benchmark.differential.ResponseComparison.Difference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownDeviationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GraphQLSchema SCHEMA = TestSchemas.schema(TestSchemas.KEYS_ARGUMENTS);

    @Test
    void keyOrderIsOursOnlyWhenOursFollowsCollectFieldsAndApollosDoesNot() throws Exception {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential { employees { name ... on Employee @include(if: true) { __typename } id } }
                """, Map.of());
        String spec = """
                {"data": {"employees": [{"name": "A", "__typename": "Employee", "id": "e1"}]}}""";
        String moved = """
                {"data": {"employees": [{"name": "A", "id": "e1", "__typename": "Employee"}]}}""";

        assertEquals(List.of(KnownDeviations.KEY_ORDER.name()), deviations(operation, spec, moved));
        assertEquals(List.of(), deviations(operation, moved, spec));
    }

    @Test
    void skippedFieldsAndFragmentsSpreadTwiceDoNotChangeTheSpecificationsOrder() {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential($b: Boolean!) { employees { ...F name @skip(if: $b) id ...F } }
                fragment F on Employee { badge }
                """, Map.of("b", true));
        ResponseShape shape = new ResponseShape(SCHEMA, operation);

        assertTrue(shape.inSpecOrder(json("{\"employees\": [{\"badge\": \"B\", \"id\": \"e1\"}]}")));
        assertFalse(shape.inSpecOrder(json("{\"employees\": [{\"id\": \"e1\", \"badge\": \"B\"}]}")));
    }

    @Test
    void anEnumValueTheApiHidesIsApollosErrorWhenOursNullsItWithAnErrorThere() throws Exception {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential { staff { id status } }
                """, Map.of());
        String ours = """
                {"data": {"staff": [{"id": "e1", "status": "ACTIVE"}, null]},
                 "errors": [{"message": "not in the API", "path": ["staff", 1, "status"]}]}""";
        String apollos = """
                {"data": {"staff": [{"id": "e1", "status": "ACTIVE"}, {"id": "e3", "status": "RETIRED"}]}}""";

        assertEquals(List.of(KnownDeviations.HIDDEN_ENUM_VALUE.name(), KnownDeviations.HIDDEN_ENUM_VALUE.name()),
                deviations(operation, ours, apollos));
    }

    @Test
    void theSameFieldErrorOnlyUnderApollosExtensionsIsApollosErrorAndAnotherOneIsOurs() throws Exception {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential { employees { doors } }
                """, Map.of());
        String apollos = """
                {"data": null, "extensions": {"valueCompletion": [
                  {"message": "Cannot return null", "path": ["employees", 3, "doors"]},
                  {"message": "Cannot return null", "path": ["employees", 4, "doors"]}]}}""";

        assertEquals(List.of(KnownDeviations.VALUE_COMPLETION.name()), deviations(operation, """
                {"data": null, "errors": [{"message": "no subgraph answered it", "path": ["employees", 3, "doors"]}]}""",
                apollos));
        assertEquals(List.of(), deviations(operation, """
                {"data": null, "errors": [{"message": "no subgraph answered it", "path": ["employees", 2, "doors"]}]}""",
                apollos));
    }

    @Test
    void anErrorInsideAnObjectBothNullIsApollosDroppedErrorButNotOneBesideIt() throws Exception {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential { staff { doors } }
                """, Map.of());
        String apollos = """
                {"data": {"staff": [{"doors": []}, null]}}""";

        assertEquals(List.of(KnownDeviations.DROPPED_ERROR.name()), deviations(operation, """
                {"data": {"staff": [{"doors": []}, null]}, "errors": [{"message": "m", "path": ["staff", 1, "doors"]}]}""",
                apollos));
        assertEquals(List.of(), deviations(operation, """
                {"data": {"staff": [{"doors": []}, null]}, "errors": [{"message": "m", "path": ["staff", 0, "doors"]}]}""",
                apollos));
    }

    @Test
    void anotherDifferenceBesideAHiddenEnumValueStaysOurs() throws Exception {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential { staff { id status } }
                """, Map.of());
        String ours = """
                {"data": {"staff": [null, null]},
                 "errors": [{"message": "not in the API", "path": ["staff", 1, "status"]}]}""";
        String apollos = """
                {"data": {"staff": [{"id": "e1", "status": "ACTIVE"}, {"id": "e3", "status": "RETIRED"}]}}""";

        List<Difference> differences = ResponseComparison.compare(JSON.readTree(ours), JSON.readTree(apollos));
        KnownDeviations.Judgement judgement = new KnownDeviations.Judgement(SCHEMA, operation, JSON.readTree(ours),
                JSON.readTree(apollos));
        assertEquals(Optional.empty(), KnownDeviations.of(differences.get(0), judgement));
    }

    private static final GraphQLSchema ABSTRACT = TestSchemas.schema(TestSchemas.ABSTRACT_TYPES);

    @Test
    void apollosPlanningFailureIsItsWhenItAnswersTheOperationWrittenOutAsOursDoes() throws Exception {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential { trending { ... on Item { id } } }
                """, Map.of());
        String ours = """
                {"data": {"trending": [{"id": "m1"}, {"id": "b2"}]}}""";
        String failed = """
                {"errors": [{"message": "We should have an edge", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}""";
        List<String> asked = new ArrayList<>();

        assertEquals(List.of(KnownDeviations.NO_DATA.name()), deviations(ABSTRACT, operation, ours, failed,
                written -> {
                    asked.add(written.query().replaceAll("\\s+", " "));
                    return json(ours);
                }));
        assertEquals(List.of("query Differential { trending { ... on Book { id } ... on Movie { id } } } "), asked);
        assertEquals(List.of(), deviations(ABSTRACT, operation, ours, failed,
                written -> json("{\"data\": {\"trending\": [{\"id\": \"m1\"}, {\"id\": \"b1\"}]}}")));
        assertEquals(List.of(), deviations(ABSTRACT, operation, ours, failed, written -> json(failed)));
        assertEquals(List.of(), deviations(ABSTRACT, operation, ours, failed, null));
    }

    @Test
    void fieldsApolloDropsAreItsErrorOnlyWhenItsAnswerWrittenOutHasThem() throws Exception {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential { deals { ... on Book { __typename views } } }
                """, Map.of());
        String ours = """
                {"data": {"deals": [{}, {"__typename": "Book", "views": 10}]}}""";
        String apollos = """
                {"data": {"deals": [{}, {}]}}""";

        assertEquals(List.of(KnownDeviations.DROPPED_FRAGMENT_FIELDS.name(),
                KnownDeviations.DROPPED_FRAGMENT_FIELDS.name()), deviations(ABSTRACT, operation, ours, apollos,
                written -> json(ours)));
        assertEquals(List.of(), deviations(ABSTRACT, operation, ours, apollos, written -> json(apollos)));
        assertEquals(List.of(), deviations(ABSTRACT, operation, ours, apollos, written -> json("""
                {"data": {"deals": [{}, {"__typename": "Book", "views": 11}]}}""")));
    }

    @Test
    void apollosNullIsItsErrorOnlyWithoutAnErrorThereAndWhenItsAnswerWrittenOutHasOurValue() throws Exception {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential($b: Boolean!) { mediaById(id: "b1") { id views @include(if: $b) } }
                """, Map.of("b", true));
        String ours = """
                {"data": {"mediaById": {"id": "b1", "views": 10}}}""";
        String apollos = """
                {"data": {"mediaById": {"id": "b1", "views": null}}}""";

        assertEquals(List.of(KnownDeviations.NULL_WITHOUT_ERROR.name()),
                deviations(ABSTRACT, operation, ours, apollos, written -> json(ours)));
        assertEquals(List.of(), deviations(ABSTRACT, operation, ours, apollos, written -> json(apollos)));
        assertEquals(List.of(), deviations(ABSTRACT, operation, ours, """
                {"data": {"mediaById": {"id": "b1", "views": null}},
                 "errors": [{"message": "m", "path": ["mediaById", "views"]}]}""", written -> json(ours)));
    }

    @Test
    void apollosErrorPathsCountingEntitiesAreItsButErrorsAtOtherItemsAreOurs() throws Exception {
        GeneratedOperation operation = new GeneratedOperation("""
                query Differential { search(term: "") { ... on Book { trend(days: null) } } }
                """, Map.of());
        String data = """
                "data": {"search": [{"trend": null}, {}, {"trend": null}, {}, {"trend": null}]}""";
        String apollos = "{" + data + """
                , "errors": [{"message": "m", "path": ["search", 0, "trend"]},
                  {"message": "m", "path": ["search", 1, "trend"]}, {"message": "m", "path": ["search", 2, "trend"]}]}""";

        assertEquals(List.of(KnownDeviations.ENTITY_INDEX_ERROR_PATHS.name()), deviations(ABSTRACT, operation, "{"
                + data + """
                , "errors": [{"message": "m", "path": ["search", 0, "trend"]},
                  {"message": "m", "path": ["search", 2, "trend"]}, {"message": "m", "path": ["search", 4, "trend"]}]}""",
                apollos, null));
        assertEquals(List.of(), deviations(ABSTRACT, operation, "{" + data + """
                , "errors": [{"message": "m", "path": ["search", 0, "trend"]},
                  {"message": "m", "path": ["search", 1, "trend"]}, {"message": "m", "path": ["search", 4, "trend"]}]}""",
                apollos, null));
        assertEquals(List.of(), deviations(ABSTRACT, operation, "{" + data + """
                , "errors": [{"message": "m", "path": ["search", 0, "trend"]},
                  {"message": "m", "path": ["search", 2, "trend"]}]}""", apollos, null));
    }

    private static List<String> deviations(GraphQLSchema schema, GeneratedOperation operation, String ours,
                                           String theirs, Function<GeneratedOperation, JsonNode> apollo)
            throws Exception {
        JsonNode our = JSON.readTree(ours);
        JsonNode their = JSON.readTree(theirs);
        KnownDeviations.Judgement judgement = new KnownDeviations.Judgement(schema, operation, our, their, apollo);
        return ResponseComparison.compare(our, their).stream()
                .map(difference -> KnownDeviations.of(difference, judgement))
                .flatMap(Optional::stream).map(KnownDeviations.Deviation::name).toList();
    }

    private static List<String> deviations(GeneratedOperation operation, String ours, String theirs)
            throws Exception {
        JsonNode our = JSON.readTree(ours);
        JsonNode their = JSON.readTree(theirs);
        KnownDeviations.Judgement judgement = new KnownDeviations.Judgement(SCHEMA, operation, our, their);
        return ResponseComparison.compare(our, their).stream()
                .map(difference -> KnownDeviations.of(difference, judgement))
                .flatMap(Optional::stream).map(KnownDeviations.Deviation::name).toList();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
