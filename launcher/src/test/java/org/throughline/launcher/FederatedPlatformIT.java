package org.throughline.launcher;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.throughline.testing.FreePort;
import org.throughline.testing.KeycloakServer;
import org.throughline.testing.ServiceProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole platform as the local run starts it: real PostgreSQL, the three services and the gateway as separate
 * processes, talking over real HTTP, loaded with the demo scenario through the gateway's own mutations.
 */
class FederatedPlatformIT {

    private static final String CUT_OVER =
            "data.initiatives.nodes[0].milestones.find { it.title == 'Pricing engine cut-over' }";

    private static final Path LOGS = Path.of("target", "platform-logs");
    private static Path home;
    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        home = Path.of(System.getProperty("throughline.home", "..")).toAbsolutePath().normalize();
        platform = new Platform(home, Platform.Ports.free(), null, LOGS).start();
        new DemoData(platform, LocalDate.now()).loadUnlessPresent();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private static ValidatableResponse gateway(String document) {
        return gatewayAs("cfo", document);
    }

    /** The document sent to the gateway with the access token of a demo user of the realm. */
    private static ValidatableResponse gatewayAs(String user, String document) {
        return given().contentType(ContentType.JSON).header("Authorization", platform.bearer(user))
                .body(Map.of("query", document))
                .when().post(platform.gatewayUrl())
                .then().log().ifValidationFails().statusCode(200);
    }

    /** The 1.5 KB query that once took plan-service down: refused by the gateway, and by plan-service on its own. */
    @Test
    void aHundredLevelCycleIsRefusedByTheGatewayAndByPlanServiceWhenSentStraightToIt() {
        String cycle = "{ milestones { nodes {" + " initiative { milestones {".repeat(49) + " id"
                + " } }".repeat(49) + " } } }";
        gateway(cycle)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("MAX_DEPTH_LIMIT"));
        given().contentType(ContentType.JSON).header("Authorization", platform.bearer("cfo"))
                .body(Map.of("query", cycle))
                .when().post(platform.serviceUrl("plan"))
                .then().log().ifValidationFails().statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("MAX_DEPTH_LIMIT"));
    }

    @Test
    void commitmentsFollowTheirReferencesIntoThePlanAndKpiServices() {
        gateway("""
                query Tethers {
                  commitments {
                    expectedValue accountableOwner
                    milestone { title initiative { name } }
                    kpi { name measurements { value } }
                  }
                }
                """)
                .body("errors", nullValue())
                .body("data.commitments", hasSize(15))
                .body("data.commitments.findAll { it.milestone.title == 'Pricing engine cut-over' }.kpi.name",
                        containsInAnyOrder("Quote turnaround time", "Quotes priced in-system", "Sales forecast accuracy"))
                .body("data.commitments.milestone.title", hasItem("General ledger migration"))
                .body("data.commitments.milestone.initiative.name", everyItem(equalTo("Cloud ERP migration")))
                // Eighteen months of weekly values, the last five from the week before the cut-over on.
                .body("data.commitments.find { it.kpi.name == 'Quote turnaround time' }.kpi.measurements", hasSize(79))
                .body("data.commitments.find { it.kpi.name == 'Quote turnaround time' }.kpi.measurements.value"
                        + ".takeRight(5)", contains(17.5f, 22.0f, 27.5f, 31.0f, 34.5f))
                .body("data.commitments.find { it.kpi.name == 'Quote turnaround time' }.accountableOwner",
                        equalTo("sales-steward"));
    }

    @Test
    void planMilestonesReachTheirKpisThroughGovernance() {
        gateway("""
                query Initiative {
                  initiatives {
                    nodes {
                      name
                      milestones {
                        title deliveryStatus health slippageDays workstream { businessFunction }
                        commitments { expectedValue kpi { name currentValue } }
                      }
                    }
                  }
                }
                """)
                .body("errors", nullValue())
                .body("data.initiatives.nodes.name", contains("Cloud ERP migration"))
                .body("data.initiatives.nodes[0].milestones", hasSize(29))
                .body(CUT_OVER + ".deliveryStatus", equalTo("DELIVERED"))
                .body(CUT_OVER + ".health", equalTo("GREEN"))
                .body(CUT_OVER + ".workstream.businessFunction", equalTo("SALES"))
                .body("data.initiatives.nodes[0].milestones.find { it.title == 'Sales forecasting module' }.slippageDays",
                        equalTo(35))
                .body(CUT_OVER + ".commitments.kpi.name", containsInAnyOrder(
                        "Quote turnaround time", "Quotes priced in-system", "Sales forecast accuracy"))
                .body(CUT_OVER + ".commitments.find { it.kpi.name == 'Quote turnaround time' }.kpi.currentValue",
                        equalTo(34.5f))
                .body("data.initiatives.nodes[0].milestones.find { it.title == 'Master data hub' }.commitments",
                        hasSize(0));
    }

    @Test
    void rootFieldsOfEverySubgraphAnswerInOneRequest() {
        gateway("""
                { initiatives { totalCount } kpis(businessFunction: FINANCE) { name unit } commitments { dueDate } }
                """)
                .body("errors", nullValue())
                .body("data.initiatives.totalCount", equalTo(1))
                .body("data.kpis.name", containsInAnyOrder("Month-end close duration", "Invoice processing cost",
                        "Days sales outstanding"))
                .body("data.kpis.find { it.name == 'Month-end close duration' }.unit", equalTo("DURATION_DAYS"))
                .body("data.commitments", hasSize(15));
    }

    @Test
    void subgraphDomainErrorReachesTheClientWithItsCodeAndPath() {
        gateway("""
                { initiative(id: "999999") { name } kpis { name } }
                """)
                .body("data.initiative", nullValue())
                .body("data.kpis", hasSize(15))
                .body("errors[0].extensions.code", equalTo("initiative-not-found"))
                .body("errors[0].path", contains("initiative"));
    }

    @Test
    void queryAgainstAFieldNoSubgraphHasIsAValidationError() {
        gateway("""
                { commitments { budget } }
                """)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                .body("errors[0].message", containsString("budget"));
    }

    @Test
    void mutationThroughTheGatewayIsValidatedByTheOwningService() {
        gatewayAs("it-lead", """
                mutation { addMilestone(milestone: { workstreamId: "424242", title: "Orphan", baselineFinish: "2027-01-01",
                                                     accountableOwner: "it-lead" }) { id } }
                """)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("workstream-not-found"))
                .body("errors[0].extensions.field", equalTo("workstreamId"))
                .body("errors[0].path", contains("addMilestone"));
    }

    @Test
    void onePersonQueryAnswersWhatTheyAreAccountableForAcrossPlanAndKpis() {
        gateway("""
                { person(id: "sales-steward") {
                    id
                    accountableWorkstreams { name }
                    accountableKpis { name analytics { status } }
                  }
                  itLead: person(id: "it-lead") { accountableMilestones { title deliveryStatus health slippageDays } } }
                """)
                .body("errors", nullValue())
                .body("data.person.accountableWorkstreams.name", contains("Sales pricing"))
                .body("data.person.accountableKpis.name", containsInAnyOrder("Quote turnaround time",
                        "Quotes priced in-system", "Win rate on quoted deals"))
                .body("data.itLead.accountableMilestones.title", hasItem("Pricing engine cut-over"))
                .body("data.itLead.accountableMilestones.find { it.title == 'Pricing engine cut-over' }.deliveryStatus",
                        equalTo("DELIVERED"))
                .body("data.itLead.accountableMilestones.find { it.title == 'Sales forecasting module' }.deliveryStatus",
                        equalTo("IN_PROGRESS"));
    }

    @Test
    void kpiAnalyticsShowTheSalesKpisTheCutOverWasMeantToMoveGoingTheWrongWay() {
        gateway("""
                { kpis(businessFunction: SALES) { name analytics { status attainment trendPerDay } } }
                """)
                .body("errors", nullValue())
                .body("data.kpis.find { it.name == 'Quote turnaround time' }.analytics.status", equalTo("OFF_TRACK"))
                .body("data.kpis.find { it.name == 'Quotes priced in-system' }.analytics.status", equalTo("OFF_TRACK"));
    }

    @Test
    void progressBiasIsRaisedOnThePricingCutOverReportedWellWhileQuoteTurnaroundWorsens() {
        gateway("""
                { signals(filter: { kinds: [PROGRESS_BIAS] }) {
                    severity message milestone { title health deliveryStatus } kpi { name analytics { status } }
                  } }
                """)
                .body("errors", nullValue())
                .body("data.signals.milestone.title", everyItem(equalTo("Pricing engine cut-over")))
                .body("data.signals.kpi.name", hasItem("Quote turnaround time"))
                .body("data.signals.severity", everyItem(equalTo("CRITICAL")))
                .body("data.signals[0].milestone.deliveryStatus", equalTo("DELIVERED"));
        gateway("""
                { initiatives { nodes { name outcomeRealisation { realisation } signals { kind } } } }
                """)
                .body("errors", nullValue())
                .body("data.initiatives.nodes[0].signals.kind", hasItem("PROGRESS_BIAS"))
                .body("data.initiatives.nodes[0].outcomeRealisation.realisation", notNullValue());
    }

    @Test
    void everyKindOfSignalIsRaisedWhereTheStoryPutsIt() {
        String signals = "data.signals.findAll { it.kind == '%s' }.%s";
        gateway("""
                { signals { kind severity milestone { title } kpi { name } } }
                """)
                .body("errors", nullValue())
                .body(signals.formatted("PROGRESS_BIAS", "milestone.title"), everyItem(equalTo("Pricing engine cut-over")))
                .body(signals.formatted("OWNERLESS", "kpi.name"), contains("Warehouse cost per order"))
                .body(signals.formatted("STALE_KPI", "kpi.name"), contains("Supplier on-time delivery"))
                .body(signals.formatted("OUTCOME_GAP", "kpi.name"), contains("Order entry error rate"))
                .body(signals.formatted("OUTCOME_GAP", "milestone.title"), contains("Order entry portal live"))
                .body(signals.formatted("SLIPPAGE", "milestone.title"), containsInAnyOrder("Sales forecasting module",
                        "Supplier portal"))
                .body("data.signals.find { it.milestone?.title == 'Sales forecasting module' && it.kind == 'SLIPPAGE' }"
                        + ".severity", equalTo("HIGH"))
                .body(signals.formatted("UNTETHERED_MILESTONE", "milestone.title"),
                        hasItem("Legacy finance system decommissioned"));
    }

    @Test
    void theBoardsReviewIsFrozenAndTheLedgersEffectIsProvenByTheCfosSignOff() {
        gateway("""
                { initiatives { nodes { name reviews { title status decisions { summary affectedMilestones { title } }
                                                       snapshot { milestones { title health } signals { kind } } } } }
                  person(id: "sales-steward") { reviewActions { title dueOn review { title } } }
                  ledger: milestones(filter: { stageGate: [EFFECT_PROVEN] }) { nodes { title effectSignOff { complete signOffs { signedBy { id } } } } } }
                """)
                .body("errors", nullValue())
                .body("data.initiatives.nodes[0].reviews[0].status", equalTo("PUBLISHED"))
                .body("data.initiatives.nodes[0].reviews[0].decisions[0].affectedMilestones.title",
                        hasItem("Pricing engine cut-over"))
                .body("data.initiatives.nodes[0].reviews[0].snapshot.signals.kind", hasItem("PROGRESS_BIAS"))
                .body("data.person.reviewActions.title", contains("Find out why sales prices quotes in spreadsheets again"))
                .body("data.ledger.nodes.title", contains("General ledger migration"))
                .body("data.ledger.nodes[0].effectSignOff.signOffs.signedBy.id", contains("cfo"));
    }

    @Test
    void introspectionShowsTheApiSchemaWithoutFederationMachinery() {
        gateway("""
                { __schema { queryType { fields { name } } } commitment: __type(name: "OutcomeCommitment") { name } }
                """)
                .body("errors", nullValue())
                .body("data.__schema.queryType.fields.name", hasItem("commitments"))
                .body("data.__schema.queryType.fields.name", not(hasItem("_entities")))
                .body("data.__schema.queryType.fields.name", not(hasItem("_service")))
                .body("data.__schema.queryType.fields.name", not(hasItem("milestonesById")))
                .body("data.commitment.name", equalTo("OutcomeCommitment"));
    }

    @Test
    void graphiqlSignsItsUserInThroughKeycloaksCodeFlowWithPkceAndQueriesUnderThatSession() throws Exception {
        KeycloakServer keycloak = platform.keycloak().orElseThrow();
        RealmClients.allowRedirect(keycloak, "throughline-gateway", platform.gatewayUrl().replace("/graphql", "/*"));
        Browser browser = new Browser();

        // No session yet: GraphiQL sends the browser to Keycloak's sign-in, with a PKCE challenge.
        HttpResponse<String> page = browse(browser, HttpRequest.newBuilder(URI.create(platform.graphiqlUrl())).GET());
        assertEquals(302, page.statusCode());
        String signIn = page.headers().firstValue("Location").orElseThrow();
        assertTrue(signIn.startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?"), signIn);
        assertTrue(signIn.contains("client_id=throughline-gateway") && signIn.contains("code_challenge_method=S256"),
                signIn);

        // Keycloak's own sign-in form, filled in as the CIO.
        HttpResponse<String> form = browse(browser, HttpRequest.newBuilder(URI.create(signIn)).GET());
        assertEquals(200, form.statusCode());
        Matcher action = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"").matcher(form.body());
        if (!action.find()) {
            action = Pattern.compile("action=\"([^\"]+login-actions/authenticate[^\"]*)\"").matcher(form.body());
            assertTrue(action.find(), "no sign-in form in Keycloak's page");
        }
        HttpResponse<String> next = browse(browser, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=cio&password=" + KeycloakServer.DEMO_PASSWORD
                        + "&credentialId=")));
        // Back at the gateway with the code: it exchanges it, keeps the session and returns to GraphiQL.
        for (int hop = 0; hop < 5 && next.statusCode() == 302; hop++) {
            String location = next.headers().firstValue("Location").orElseThrow();
            URI target = URI.create(platform.graphiqlUrl()).resolve(location);
            next = browse(browser, HttpRequest.newBuilder(target).GET());
        }
        assertEquals(200, next.statusCode(), next.body());
        assertTrue(next.body().toLowerCase(java.util.Locale.ROOT).contains("graphiql"));

        // GraphiQL's own request carries the session cookie and no token: the gateway forwards the session's token.
        HttpResponse<String> answer = browse(browser, HttpRequest.newBuilder(URI.create(platform.gatewayUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ initiatives { nodes { name } } }\"}")));
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("Cloud ERP migration"), answer.body());
        // The same session cannot be used by a cross-site form: a POST that is not JSON is refused.
        HttpResponse<String> crossSite = browse(browser, HttpRequest.newBuilder(URI.create(platform.gatewayUrl()))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"mutation { evaluateSignals { raised } }\"}")));
        assertEquals(415, crossSite.statusCode(), crossSite.body());

        // Signing out ends the session at the gateway and at Keycloak: the next visit signs in again.
        HttpResponse<String> out = browse(browser, HttpRequest.newBuilder(
                URI.create(platform.graphiqlUrl() + "logout")).GET());
        assertEquals(302, out.statusCode());
        assertTrue(out.headers().firstValue("Location").orElseThrow()
                .startsWith(keycloak.issuer() + "/protocol/openid-connect/logout"), out.headers().toString());
        HttpResponse<String> again = browse(browser, HttpRequest.newBuilder(URI.create(platform.graphiqlUrl())).GET());
        assertEquals(302, again.statusCode());
        assertTrue(again.headers().firstValue("Location").orElseThrow()
                .startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?"));

        given().when().get(platform.gatewayUrl().replace("/graphql", "/q/health/ready")).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.data", notNullValue());
    }

    private static HttpResponse<String> browse(Browser browser, HttpRequest.Builder request) throws Exception {
        return browser.send(request);
    }

    /**
     * What a browser does here: follows no redirect by itself and keeps the cookies it is given. The gateway and
     * Keycloak both live on localhost (ports do not separate cookies), and their cookies have different names.
     */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private final Map<String, String> cookies = new java.util.LinkedHashMap<>();

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                request.header("Cookie", String.join("; ", cookies.entrySet().stream()
                        .map(cookie -> cookie.getKey() + "=" + cookie.getValue()).toList()));
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int equals = pair.indexOf('=');
                String name = pair.substring(0, equals).trim();
                String value = pair.substring(equals + 1).trim();
                if (value.isEmpty() || set.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        }
    }

    /** The realm file knows the local run's gateway (port 8080); this test's gateway listens on a free port. */
    @Test
    void gatewayStartedAloneFromAPinnedSupergraphFileServesTheSameGraph() throws Exception {
        String supergraph = given().header("Authorization", platform.bearer("cio"))
                .when().get(platform.gatewayUrl().replace("/graphql", "/supergraph"))
                .then().statusCode(200).extract().asString();
        Path file = Files.writeString(Path.of("target", "pinned-supergraph.graphql"), supergraph).toAbsolutePath();
        int port = FreePort.pick();
        String query = "{ commitments { milestone { title } kpi { name currentValue } } }";

        try (ServiceProcess standalone = ServiceProcess.start(home, "gateway", port,
                Map.of("throughline.gateway.supergraph-file", file.toString(),
                        "throughline.keycloak.url", platform.keycloak().orElseThrow().url()),
                LOGS.resolve("standalone"))) {
            standalone.awaitReady(Duration.ofSeconds(120));
            String viaStandalone = given().contentType(ContentType.JSON).header("Authorization", platform.bearer("coo"))
                    .body(Map.of("query", query))
                    .when().post(standalone.url("/graphql")).then().statusCode(200)
                    .body("errors", nullValue()).body("data.commitments", hasSize(15)).extract().asString();
            String viaPlatform = given().contentType(ContentType.JSON).header("Authorization", platform.bearer("coo"))
                    .body(Map.of("query", query))
                    .when().post(platform.gatewayUrl()).then().statusCode(200).extract().asString();
            assertEquals(viaPlatform, viaStandalone);
        }
    }

    /**
     * A PROGRESS_BIAS raised on the demo reaches, by e-mail at the address the realm has for them, the accountable
     * owner of each biased commitment and the CFO, who watches the programme; the local mail server keeps the mails.
     */
    @Test
    void theOwnersOfTheProgressBiasAndTheCfoWhoWatchesTheProgrammeAreMailedAtTheirRealmAddresses() throws Exception {
        gatewayAs("pmo-lead", "mutation Evaluate { evaluateSignals { open } }").body("errors", nullValue());
        io.restassured.path.json.JsonPath biased = gateway("""
                query Biased {
                  signals(filter: { kinds: [PROGRESS_BIAS] }) { subjectId }
                  commitments { id accountableOwner }
                }
                """).body("errors", nullValue()).extract().jsonPath();
        java.util.List<String> subjects = biased.getList("data.signals.subjectId");
        java.util.List<Map<String, String>> commitments = biased.getList("data.commitments");
        java.util.List<String> owners = commitments.stream().filter(c -> subjects.contains(c.get("id")))
                .map(c -> c.get("accountableOwner")).toList();
        assertTrue(!owners.isEmpty(), "the demo raises PROGRESS_BIAS");
        LocalMailbox mailbox = platform.mailbox().orElseThrow();
        java.util.Set<String> expected = new java.util.TreeSet<>();
        owners.forEach(owner -> expected.add(owner + "@throughline.example"));
        expected.add("cfo@throughline.example");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        java.util.Set<String> told = new java.util.TreeSet<>();
        while (!told.containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            told.clear();
            mailbox.mails().stream().filter(mail -> mail.subject().contains("progress bias"))
                    .forEach(mail -> told.addAll(mail.to()));
        }
        assertTrue(told.containsAll(expected), "mailed " + told + ", expected " + expected);
        assertTrue(mailbox.mails().stream().allMatch(mail -> mail.messageId().matches(
                "<(notification|digest)-[0-9]+@throughline\\.local>")), "stable Message-IDs");
        // Each went out at its first attempt: the sender's own thread could ask the realm for the address.
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(platform.jdbcUrl("governance"),
                org.throughline.testing.PostgresServer.USER, "");
             java.sql.ResultSet retried = connection.createStatement().executeQuery("""
                     select recipient, attempts, last_error from notification
                     where channel = 'EMAIL' and status = 'SENT' and attempts > 1""")) {
            assertTrue(!retried.next(), () -> {
                try {
                    return "a mail to " + retried.getString(1) + " took " + retried.getInt(2) + " attempts: "
                            + retried.getString(3);
                } catch (java.sql.SQLException e) {
                    return e.toString();
                }
            });
        }
    }
}
