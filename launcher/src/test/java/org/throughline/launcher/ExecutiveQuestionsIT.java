package org.throughline.launcher;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The five executive questions of the product, exactly as kept in {@code docs/queries}, each answered in one request
 * through the gateway over the demo scenario: what the pricing cut-over looks like to IT and to the business.
 */
@ExtendWith(SharedPlatforms.class)
class ExecutiveQuestionsIT {

    private static Path home;
    private static Platform platform;
    private static String initiative;

    @BeforeAll
    static void startPlatform() {
        home = SharedPlatforms.home();
        platform = SharedPlatforms.demo();
        initiative = ask("cio", "query Ids { initiatives { nodes { id name } } }", Map.of())
                .getString("data.initiatives.nodes.find { it.name == '" + DemoData.INITIATIVE + "' }.id");
    }

    /** One of the named operations of docs/queries. */
    static String question(Path home, String file) {
        try {
            return Files.readString(home.resolve("docs/queries").resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String question(String file) {
        return question(home, file);
    }

    private static String answer(String user, String document, Map<String, Object> variables) {
        return given().contentType(ContentType.JSON).header("Authorization", platform.bearer(user))
                .body(Map.of("query", document, "variables", variables))
                .when().post(platform.gatewayUrl())
                .then().log().ifValidationFails().statusCode(200).extract().asString();
    }

    private static JsonPath ask(String user, String document, Map<String, Object> variables) {
        JsonPath answer = JsonPath.from(answer(user, document, variables));
        assertNull(answer.get("errors"), () -> "errors: " + answer.prettify());
        return answer;
    }

    @Test
    void question1ShowsThePricingCutOverGreenWhileTheKpiItMustMoveIsOffTrackAndWorsening() {
        JsonPath answer = ask("cio", question("1-initiative-cockpit.graphql"), Map.of("initiativeId", initiative));
        String cutOver = "data.initiative.milestones.find { it.title == 'Pricing engine cut-over' }";
        assertEquals("GREEN", answer.getString(cutOver + ".health"));
        assertEquals("DELIVERED", answer.getString(cutOver + ".deliveryStatus"));
        String turnaround = cutOver + ".commitments.find { it.kpi.name == 'Quote turnaround time' }";
        assertEquals("OFF_TRACK", answer.getString(turnaround + ".kpi.analytics.status"));
        assertEquals("WORSENING", answer.getString(turnaround + ".kpi.analytics.trend"));
        assertTrue(answer.getDouble(turnaround + ".outcome.delta") < 0, answer.prettify());
        List<String> signals = answer.getList(cutOver + ".signals.kind");
        assertTrue(signals.contains("PROGRESS_BIAS"), String.valueOf(signals));
    }

    /** A front end sends the question's id from docs/queries/persisted-operations.json, not its text. */
    @Test
    void question1AskedByItsPersistedIdGetsTheAnswerOfItsText() throws Exception {
        String text = question("1-initiative-cockpit.graphql");
        String id = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String byId = given().contentType(ContentType.JSON).header("Authorization", platform.bearer("cfo"))
                .body(Map.of("variables", Map.of("initiativeId", initiative),
                        "extensions", Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", id))))
                .when().post(platform.gatewayUrl())
                .then().statusCode(200).extract().asString();
        assertEquals(answer("cfo", text, Map.of("initiativeId", initiative)), byId);
    }

    @Test
    void question1GivesTheCeoCioCfoAndCooTheSameAnswer() {
        String cio = answer("cio", question("1-initiative-cockpit.graphql"), Map.of("initiativeId", initiative));
        for (String executive : List.of("ceo", "cfo", "coo")) {
            assertEquals(cio, answer(executive, question("1-initiative-cockpit.graphql"),
                    Map.of("initiativeId", initiative)), executive);
        }
    }

    @Test
    void question2ShowsSalesKpisGoingTheWrongWayAndTheMilestonesMeantToMoveThem() {
        JsonPath answer = ask("coo", question("2-business-function.graphql"), Map.of("function", "SALES"));
        String turnaround = "data.kpis.find { it.name == 'Quote turnaround time' }";
        assertEquals("OFF_TRACK", answer.getString(turnaround + ".analytics.status"));
        assertEquals("WORSENING", answer.getString(turnaround + ".analytics.trend"));
        assertTrue(answer.getList(turnaround + ".commitments.milestone.title").contains("Pricing engine cut-over"));
        assertEquals(Boolean.TRUE, answer.get("data.kpis.every { it.analytics.status != null }"));
    }

    @Test
    void question3ShowsWhatTheCfoIsAccountableForByName() {
        JsonPath answer = ask("cfo", question("3-person.graphql"), Map.of("personId", "cfo"));
        assertEquals("Farid Okafor", answer.getString("data.person.displayName"));
        assertTrue(answer.getList("data.person.accountableMilestones.title").contains("General ledger migration"));
        assertTrue(answer.getList("data.person.accountableKpis.name").contains("Month-end close duration"));
        assertTrue(answer.getList("data.person.accountableCommitments.kpi.name").contains("Month-end close duration"));
    }

    @Test
    void question4AsOfAnInstantBeforeTheCutOverWasReportedShowsThePlanAsItWasThen() {
        // When IT reported the cut-over done, by its revision history.
        JsonPath history = ask("cio", """
                query CutOverHistory($id: ID!) {
                  initiative(id: $id) { milestones { title revisions { changedAt reason } } }
                }
                """, Map.of("id", initiative));
        String reported = history.getString("data.initiative.milestones.find { it.title == 'Pricing engine cut-over' }"
                + ".revisions.find { it.reason == 'Cut-over completed on schedule' }.changedAt");
        assertNotNull(reported, history.prettify());
        Instant before = Instant.parse(reported).minusMillis(1);

        JsonPath then = ask("cfo", question("4-initiative-as-of.graphql"),
                Map.of("initiativeId", initiative, "asOf", before.toString()));
        String cutOver = "data.initiative.milestones.find { it.title == 'Pricing engine cut-over' }";
        assertEquals("IN_PROGRESS", then.getString(cutOver + ".deliveryStatus"), then.prettify());
        assertEquals("DECIDED", then.getString(cutOver + ".stageGate"));
        JsonPath now = ask("cfo", question("4-initiative-as-of.graphql"),
                Map.of("initiativeId", initiative, "asOf", Instant.now().toString()));
        assertEquals("DELIVERED", now.getString(cutOver + ".deliveryStatus"));
        assertTrue(now.getList("data.reviewAsOf.snapshot.signals.kind").contains("PROGRESS_BIAS"), now.prettify());
    }

    @Test
    void question5ListsTheOpenSignalsOfEveryKindMostSevereFirst() {
        JsonPath answer = ask("analyst", question("5-open-signals.graphql"), Map.of());
        List<String> severities = answer.getList("data.signals.severity");
        assertTrue(!severities.isEmpty());
        List<String> order = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO");
        for (int i = 1; i < severities.size(); i++) {
            assertTrue(order.indexOf(severities.get(i - 1)) <= order.indexOf(severities.get(i)), severities.toString());
        }
        assertEquals("PROGRESS_BIAS", answer.getString("data.signals[0].kind"));
        assertEquals("Pricing engine cut-over", answer.getString("data.signals[0].milestone.title"));
        // The story raises every kind of signal the platform knows.
        assertEquals(Set.of("PROGRESS_BIAS", "OUTCOME_GAP", "SLIPPAGE", "STALE_KPI", "OWNERLESS",
                "UNTETHERED_MILESTONE"), Set.copyOf(answer.getList("data.signals.kind", String.class)));
    }
}
