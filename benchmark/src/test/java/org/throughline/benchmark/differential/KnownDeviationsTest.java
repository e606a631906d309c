package org.throughline.benchmark.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.GraphQLSchema;
import org.junit.jupiter.api.Test;
import org.throughline.benchmark.differential.ResponseComparison.Difference;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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
