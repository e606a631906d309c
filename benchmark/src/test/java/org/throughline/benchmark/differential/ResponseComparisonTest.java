package org.throughline.benchmark.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.throughline.benchmark.differential.ResponseComparison.Difference;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResponseComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSameResponseHasNoDifference() throws Exception {
        String response = """
                {"data": {"a": [{"b": 1, "c": null}]}, "errors": [{"message": "x", "path": ["a", 0, "c"]}]}
                """;

        assertEquals(List.of(), compare(response, response));
    }

    @Test
    void errorMessagesMayDifferButNotTheirPaths() throws Exception {
        assertEquals(List.of(), categories("""
                {"data": {"a": null}, "errors": [{"message": "ours", "path": ["a"]}]}
                """, """
                {"data": {"a": null}, "errors": [{"message": "theirs", "path": ["a"], "extensions": {"code": "X"}}]}
                """));
        assertEquals(List.of(ResponseComparison.ERROR_PATHS), categories("""
                {"data": {"a": null}, "errors": [{"message": "m"}]}
                """, """
                {"data": {"a": null}, "errors": [{"message": "m", "path": ["a"]}]}
                """));
    }

    @Test
    void theSameKeysInAnotherOrderAreOnlyAKeyOrderDifference() throws Exception {
        assertEquals(List.of(ResponseComparison.KEY_ORDER), categories("""
                {"data": {"a": {"x": 1, "y": 2}}}
                """, """
                {"data": {"a": {"y": 2, "x": 1}}}
                """));
    }

    @Test
    void eachKindOfDataDifferenceHasItsCategory() throws Exception {
        assertEquals(List.of(ResponseComparison.OURS_NULL, ResponseComparison.THEIRS_NULL, ResponseComparison.VALUE,
                ResponseComparison.LIST_LENGTH, ResponseComparison.NUMBER_FORMAT), categories("""
                {"data": {"a": null, "b": 1, "c": "x", "d": [1], "e": 1.0}}
                """, """
                {"data": {"a": {"x": 1}, "b": null, "c": "y", "d": [1, 2], "e": 1}}
                """));
        assertEquals(List.of(ResponseComparison.OURS_MISSING_FIELD, ResponseComparison.OURS_EXTRA_FIELD), categories("""
                {"data": {"a": {"x": 1, "z": 1}}}
                """, """
                {"data": {"a": {"x": 1, "y": 2}}}
                """));
    }

    @Test
    void errorsOnOneSideOnlyAreNamedByWhoHasThemAndOursByTheirCode() throws Exception {
        assertEquals(List.of(ResponseComparison.OURS_NULL, ResponseComparison.OURS_ERROR + " QUERY_PLANNING_FAILED"),
                categories("""
                        {"data": {"a": null}, "errors": [{"message": "m", "extensions": {"code": "QUERY_PLANNING_FAILED"}}]}
                        """, """
                        {"data": {"a": 1}}
                        """));
        assertEquals(List.of(ResponseComparison.OURS_MISSING_ERROR), categories("""
                {"data": {"a": null}}
                """, """
                {"data": {"a": null}, "errors": [{"message": "m", "path": ["a"]}]}
                """));
        assertEquals(List.of(ResponseComparison.OURS_NO_DATA + " GRAPHQL_VALIDATION_FAILED"), categories("""
                {"errors": [{"message": "m", "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]}
                """, """
                {"data": {"a": 1}}
                """));
    }

    private static List<Difference> compare(String ours, String theirs) throws Exception {
        JsonNode our = JSON.readTree(ours);
        JsonNode their = JSON.readTree(theirs);
        return ResponseComparison.compare(our, their);
    }

    private static List<String> categories(String ours, String theirs) throws Exception {
        return compare(ours, theirs).stream().map(Difference::category).toList();
    }
}
