package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.htmlunit.BrowserVersion;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.util.WebConnectionWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.throughline.testing.KeycloakServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The executive cockpit as a browser reads it, in HtmlUnit (a browser in the JVM that runs the page's JavaScript), so
 * that the test command needs no browser installed: served by the gateway to anyone, signed in through Keycloak's own
 * form with PKCE as the realm's public client, asking the named operations by their persisted ids only, showing the
 * demo's story, and marking what a stopped service holds as missing rather than showing it as live.
 * ./cockpit-check.sh does the same in a real Chromium (CockpitBrowserIT). On the shared demo platform: the kpi-service
 * and the gateway it stopped are started again once it is done.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedPlatforms.class)
class CockpitIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CUT_OVER = "Pricing engine cut-over";

    private static CockpitSite site;
    private static WebClient browser;
    private static HtmlPage cockpit;
    private static final List<WebRequest> sentToGraphql = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPlatform() {
        site = CockpitSite.on(SharedPlatforms.demo());
        browser = new WebClient(BrowserVersion.CHROME);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setFetchPolyfillEnabled(true);
        // Keycloak's sign-in page runs scripts HtmlUnit need not understand; the cockpit's own are checked below.
        browser.getOptions().setThrowExceptionOnScriptError(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        new WebConnectionWrapper(browser) {
            @Override
            public WebResponse getResponse(WebRequest request) throws IOException {
                if (request.getUrl().getPath().equals("/graphql")) {
                    sentToGraphql.add(request);
                }
                return super.getResponse(request);
            }
        };
    }

    @AfterAll
    static void stopPlatform() {
        if (browser != null) {
            browser.close();
        }
        if (site != null) {
            site.platform().startStoppedAgain();
        }
    }

    @Test
    @Order(1)
    void theCockpitIsServedWithoutATokenWithTheManifestOfTheExecutiveQuestions() throws IOException {
        String gateway = URI.create(site.url()).resolve("/").toString();
        given().redirects().follow(false).when().get(gateway + "cockpit")
                .then().statusCode(302).header("Location", endsWith("/cockpit/"));
        given().when().get(site.url()).then().statusCode(200).body(containsString("executive cockpit"));
        String manifest = given().when().get(site.url() + "queries/persisted-operations.json")
                .then().statusCode(200).extract().asString();
        Path home = Path.of(System.getProperty("throughline.home", ".."));
        assertEquals(JSON.readTree(home.resolve("docs/queries/persisted-operations.json").toFile()),
                JSON.readTree(manifest));
        // Where the page finds Keycloak: the gateway's protected resource metadata names the realm's issuer.
        String metadata = given().when().get(gateway + ".well-known/oauth-protected-resource").then().statusCode(200)
                .extract().asString();
        assertEquals(site.platform().keycloak().orElseThrow().issuer(),
                JsonPath.from(metadata).getString("authorization_servers[0]"));
    }

    @Test
    @Order(2)
    void anAnonymousVisitorIsSentToKeycloakAsThePublicClientWithAPkceChallenge() throws IOException {
        browser.getPage(site.url());
        Page signIn = await(page -> page.getUrl().toString().contains("/protocol/openid-connect/auth"));
        String url = signIn.getUrl().toString();
        assertTrue(url.startsWith(site.platform().keycloak().orElseThrow().issuer()), url);
        assertTrue(url.contains("client_id=throughline-web") && url.contains("response_type=code")
                && url.contains("code_challenge_method=S256") && url.contains("code_challenge="), url);
        assertFalse(url.contains("code_verifier"), url);
    }

    @Test
    @Order(3)
    void theCfoSignsInAndSeesThePricingCutOverDeliveredAndGreenWhileItsKpisAreOffTrackWithProgressBiasSetApart()
            throws IOException {
        cockpit = signIn("cfo");
        DomElement cutOver = milestone(CUT_OVER);
        String facts = cutOver.getFirstElementChild().asNormalizedText();
        assertTrue(facts.contains("Delivered") && facts.contains("Green") && facts.contains("progress bias"), facts);

        // Every tethered KPI with the API's own figures: current value, status, trend, outcome delta, a sparkline.
        JsonPath answer = JsonPath.from(given().contentType(ContentType.JSON).header("Authorization",
                        site.platform().bearer("cfo"))
                .body(Map.of("query", ExecutiveQuestionsIT.question(home(), "1-initiative-cockpit.graphql"),
                        "variables", Map.of("initiativeId", cockpit.<HtmlSelect>getHtmlElementById("initiative")
                                .getSelectedOptions().get(0).getValueAttribute())))
                .when().post(site.platform().gatewayUrl()).then().statusCode(200).extract().asString());
        List<Map<String, Object>> commitments = answer.getList("data.initiative.milestones.find { it.title == '"
                + CUT_OVER + "' }.commitments");
        List<DomElement> rows = rowsOf(cutOver);
        assertEquals(commitments.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonPath commitment = JsonPath.from(JSON.writeValueAsString(commitments.get(i)));
            String row = rows.get(i).asNormalizedText();
            assertTrue(row.startsWith(commitment.getString("kpi.name")), row);
            assertTrue(row.contains(shown(commitment.getDouble("kpi.analytics.currentValue"))), row);
            assertTrue(row.contains("Off track") && row.contains("Worsening"), row);
            assertTrue(row.contains("Δ " + shown(commitment.getDouble("outcome.delta"))), row);
            // Where its values come from: the demo's sales system feeds quote turnaround, stewards type the rest.
            List<String> feeds = commitment.getList("kpi.feeds.name");
            assertTrue(feeds.isEmpty() ? row.contains("measured by hand")
                    : row.contains("fed by " + feeds.get(0)), row);
            DomNode line = first(rows.get(i), "svg.spark polyline.actual");
            assertNotNull(line, row);
            assertEquals(commitment.getList("kpi.seriesByWeek").size(),
                    ((DomElement) line).getAttribute("points").split(" ").length);
        }

        // PROGRESS_BIAS in its own section, the other open signals most severe first beside it.
        String bias = cockpit.getElementById("bias-list").asNormalizedText();
        assertTrue(bias.contains("PROGRESS_BIAS") && bias.contains(CUT_OVER), bias);
        List<String> severities = all(cockpit.getElementById("signal-list"), "li.signal .badge").stream()
                .map(DomNode::asNormalizedText).toList();
        assertFalse(severities.isEmpty());
        assertFalse(cockpit.getElementById("signal-list").asNormalizedText().contains("PROGRESS_BIAS"));
        List<String> order = List.of("‼ Critical", "! High", "• Medium", "· Low");
        for (int i = 1; i < severities.size(); i++) {
            assertTrue(order.indexOf(severities.get(i - 1)) <= order.indexOf(severities.get(i)), severities.toString());
        }
    }

    @Test
    @Order(4)
    void theCockpitAsksOnlyByPersistedIdsWithABearerTokenItKeepsInMemory() throws IOException {
        JsonNode manifest = JSON.readTree(home().resolve("docs/queries/persisted-operations.json").toFile());
        List<String> ids = manifest.findValuesAsText("id");
        assertFalse(sentToGraphql.isEmpty());
        for (WebRequest request : sentToGraphql) {
            assertEquals(HttpMethod.POST, request.getHttpMethod());
            JsonNode body = JSON.readTree(request.getRequestBody());
            assertFalse(body.has("query"), body.toString());
            assertTrue(ids.contains(body.path("extensions").path("persistedQuery").path("sha256Hash").asText()),
                    body.toString());
            assertTrue(request.getAdditionalHeaders().get("Authorization").startsWith("Bearer "));
        }
        Object stored = cockpit.executeJavaScript("JSON.stringify(sessionStorage) + JSON.stringify(localStorage)")
                .getJavaScriptResult();
        assertFalse(String.valueOf(stored).contains("eyJ"), String.valueOf(stored));
    }

    @Test
    @Order(5)
    void thePersonViewShowsWhatTheSignedInCfoIsAccountableFor() {
        String person = cockpit.getElementById("person-body").asNormalizedText();
        assertTrue(person.contains("Farid Okafor (cfo)"), person);
        assertTrue(person.contains("General ledger migration") && person.contains("Month-end close duration"), person);
    }

    @Test
    @Order(6)
    void withKpiServiceStoppedTheNextRefreshMarksItsFiguresMissingAndTheOutcomeDeltaAsLastKnown() throws IOException {
        site.platform().stop("kpi");
        ((DomElement) cockpit.getElementById("refresh")).click();
        String status = awaitText("status", text -> text.contains("kpi service did not answer"));
        assertTrue(status.startsWith("⚠ Partly live"), status);
        assertTrue(cockpit.getElementById("outage").asNormalizedText().contains("kpi service"));
        DomElement cutOver = milestone(CUT_OVER);
        // Plan data is still live; the KPI's figures are gone, each marked as missing.
        assertTrue(cutOver.getFirstElementChild().asNormalizedText().contains("Delivered"));
        String row = rowsOf(cutOver).get(0).asNormalizedText();
        assertTrue(row.contains("not available: kpi service did not answer"), row);
        assertFalse(row.contains("Off track"), row);
        // Governance computes the delta from the values it last read, and the page says so.
        assertTrue(row.contains("Δ") && row.contains("last known"), row);
        assertTrue(all(rowsOf(cutOver).get(0), "svg").isEmpty(), row);
    }

    @Test
    @Order(7)
    void withTheGatewayStoppedThePageSaysItIsNotLiveAndGreysWhatItShows() throws IOException {
        site.platform().stop("gateway");
        ((DomElement) cockpit.getElementById("refresh")).click();
        String status = awaitText("status", text -> text.startsWith("✖ Not live"));
        assertTrue(status.contains("What is shown is from"), status);
        assertEquals("stale", cockpit.getElementById("main").getAttribute("class"));
        assertTrue(cockpit.getElementById("outage").asNormalizedText().contains("may have changed since"));
    }

    // ----- helpers -----

    private static Path home() {
        return Path.of(System.getProperty("throughline.home", "..")).toAbsolutePath().normalize();
    }

    /** As the page writes a number: two decimals at most, and a minus sign for a negative one. */
    private static String shown(double value) {
        double rounded = Math.round(value * 100) / 100.0;
        String digits = rounded == Math.rint(rounded) ? String.valueOf((long) Math.abs(rounded))
                : String.valueOf(Math.abs(rounded));
        return (rounded < 0 ? "−" : "") + digits;
    }

    private static HtmlPage signIn(String user) throws IOException {
        Page page = browser.getPage(site.url());
        page = await(p -> p instanceof HtmlPage html && html.getElementById("username") != null);
        HtmlPage form = (HtmlPage) page;
        form.<HtmlInput>getHtmlElementById("username").type(user);
        form.<HtmlInput>getHtmlElementById("password").type(KeycloakServer.DEMO_PASSWORD);
        form.getHtmlElementById("kc-login").click();
        HtmlPage signedIn = (HtmlPage) await(p -> p.getUrl().toString().startsWith(site.url())
                && p instanceof HtmlPage html && html.getElementById("status") != null
                && html.getElementById("status").asNormalizedText().contains(CockpitSite.LIVE));
        assertFalse(signedIn.getUrl().toString().contains("code="), signedIn.getUrl().toString());
        return signedIn;
    }

    private static Page await(Predicate<Page> condition) {
        Instant until = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(until)) {
            browser.waitForBackgroundJavaScript(250);
            Page page = browser.getCurrentWindow().getEnclosedPage();
            if (page != null && condition.test(page)) {
                return page;
            }
        }
        Page page = browser.getCurrentWindow().getEnclosedPage();
        throw new AssertionError("not within " + PATIENCE + "; the browser shows " + page.getUrl() + ":\n"
                + (page instanceof HtmlPage html ? html.asNormalizedText() : page.getWebResponse().getContentAsString()));
    }

    private static String awaitText(String id, Predicate<String> condition) {
        HtmlPage page = (HtmlPage) await(p -> p instanceof HtmlPage html && html.getElementById(id) != null
                && condition.test(html.getElementById(id).asNormalizedText()));
        return page.getElementById(id).asNormalizedText();
    }

    private static DomElement milestone(String title) {
        DomNode found = first(cockpit.getDocumentElement(), "tbody.milestone[data-title='" + title + "']");
        assertNotNull(found, () -> "no milestone " + title + " in:\n" + cockpit.asNormalizedText());
        return (DomElement) found;
    }

    private static List<DomElement> rowsOf(DomElement milestone) {
        return all(milestone, "table.kpis tbody tr").stream().map(DomElement.class::cast).toList();
    }

    private static List<DomNode> all(DomNode scope, String selector) {
        return scope.querySelectorAll(selector, scope);
    }

    private static DomNode first(DomNode scope, String selector) {
        List<DomNode> found = all(scope, selector);
        return found.isEmpty() ? null : found.get(0);
    }
}
