package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.throughline.testing.HostileRequests;
import org.throughline.testing.KeycloakServer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may do what, proven against a real Keycloak with the repository's realm: every mutation of the API for every
 * role, tokens that must not pass, the governance-only seam, and the product's promise that the CEO, CIO, CFO and
 * COO see the same data. On the shared writable demo platform: it creates initiatives, and runs every mutation.
 */
@ExtendWith(SharedPlatforms.class)
class AccessControlIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One demo user per role of the realm. */
    private static final Map<String, String> USER_OF_ROLE = Map.of(
            "executive", "cfo", "plan-editor", "it-lead", "kpi-steward", "sales-steward",
            "governance-lead", "pmo-lead", "integration-admin", "data-engineer", "viewer", "analyst");

    private static final Set<String> EVERY_ROLE = Set.of("executive", "plan-editor", "kpi-steward", "governance-lead",
            "integration-admin", "viewer");

    /** The roles that may run each mutation of the API; every other role gets FORBIDDEN. */
    private static final Map<String, Set<String>> ALLOWED = new TreeMap<>(Map.ofEntries(
            Map.entry("createInitiative", Set.of("plan-editor")),
            Map.entry("updateInitiative", Set.of("plan-editor")),
            Map.entry("addWorkstream", Set.of("plan-editor")),
            Map.entry("updateWorkstream", Set.of("plan-editor")),
            Map.entry("addMilestone", Set.of("plan-editor")),
            Map.entry("updateMilestone", Set.of("plan-editor")),
            Map.entry("createKpi", Set.of("kpi-steward")),
            Map.entry("updateKpi", Set.of("kpi-steward")),
            Map.entry("recordMeasurement", Set.of("kpi-steward")),
            Map.entry("correctMeasurement", Set.of("kpi-steward")),
            Map.entry("defineSqlConnector", Set.of("integration-admin")),
            Map.entry("defineHttpConnector", Set.of("integration-admin")),
            Map.entry("setConnectorEnabled", Set.of("integration-admin")),
            Map.entry("runConnector", Set.of("integration-admin")),
            Map.entry("backfillConnector", Set.of("integration-admin")),
            Map.entry("commitOutcome", Set.of("governance-lead")),
            Map.entry("commitOutcomes", Set.of("governance-lead")),
            Map.entry("amendCommitment", Set.of("governance-lead")),
            Map.entry("withdrawCommitment", Set.of("governance-lead")),
            Map.entry("createReview", Set.of("governance-lead")),
            Map.entry("updateReview", Set.of("governance-lead")),
            Map.entry("recordDecision", Set.of("governance-lead")),
            Map.entry("removeDecision", Set.of("governance-lead")),
            Map.entry("assignAction", Set.of("governance-lead")),
            Map.entry("removeAction", Set.of("governance-lead")),
            Map.entry("updateAction", Set.of("governance-lead")),
            Map.entry("publishReview", Set.of("governance-lead")),
            Map.entry("supersedeReview", Set.of("governance-lead")),
            Map.entry("annotateReview", Set.of("governance-lead", "executive")),
            Map.entry("signOffEffect", Set.of("executive", "kpi-steward")),
            Map.entry("evaluateSignals", Set.of("governance-lead")),
            // Each person's own notification preferences and watched initiatives: any role of the platform.
            Map.entry("setNotificationPreferences", EVERY_ROLE),
            Map.entry("watchInitiative", EVERY_ROLE),
            Map.entry("unwatchInitiative", EVERY_ROLE),
            Map.entry("registerWebhook", Set.of("governance-lead")),
            Map.entry("replayWebhookDelivery", Set.of("governance-lead")),
            Map.entry("enableWebhook", Set.of("governance-lead")),
            Map.entry("disableWebhook", Set.of("governance-lead"))));

    private static Platform platform;
    private static KeycloakServer keycloak;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatforms.writableDemo();
        keycloak = platform.keycloak().orElseThrow();
    }

    private static ValidatableResponse post(String url, String authorization, String document,
                                            Map<String, Object> variables) {
        var request = given().contentType(ContentType.JSON).body(Map.of("query", document, "variables", variables));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post(url).then().log().ifValidationFails();
    }

    /**
     * Every mutation of the API, for a user of every role, sent twice: through the gateway (which enforces the
     * supergraph's {@code @policy} and never forwards a refused mutation) and straight to the subgraph that owns it
     * (which checks the same roles itself, for callers inside the cluster).
     */
    @Test
    void everyMutationIsAllowedToItsRolesAndForbiddenToEveryOtherRoleAtTheGatewayAndAtItsSubgraph() throws Exception {
        JsonNode schema = JSON.readTree(post(platform.gatewayUrl(), platform.bearer("analyst"), INTROSPECTION, Map.of())
                .statusCode(200).extract().asString()).get("data").get("__schema");
        Map<String, JsonNode> types = new TreeMap<>();
        schema.get("types").forEach(type -> types.put(type.get("name").asText(), type));
        JsonNode mutations = types.get(schema.get("mutationType").get("name").asText()).get("fields");
        Map<String, String> mutationSdl = new TreeMap<>();
        for (String service : List.of("plan", "kpi", "governance")) {
            String sdl = post(platform.serviceUrl(service), platform.bearer("analyst"), "{ _service { sdl } }", Map.of())
                    .statusCode(200).extract().path("data._service.sdl");
            int start = sdl.indexOf("type Mutation");
            mutationSdl.put(service, start < 0 ? "" : sdl.substring(start, sdl.indexOf("\n}", start)));
        }

        Set<String> seen = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        Map<String, String> bearers = new TreeMap<>();
        for (JsonNode mutation : mutations) {
            String name = mutation.get("name").asText();
            seen.add(name);
            Set<String> allowed = ALLOWED.getOrDefault(name, Set.of());
            Map<String, Object> variables = new LinkedHashMap<>();
            String document = document(mutation, types, variables);
            String owner = mutationSdl.entrySet().stream()
                    .filter(sdl -> sdl.getValue().matches("(?s).*\\b" + name + "[(:].*")).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new AssertionError("no subgraph defines the mutation " + name));
            for (Map.Entry<String, String> role : new TreeMap<>(USER_OF_ROLE).entrySet()) {
                String bearer = bearers.computeIfAbsent(role.getValue(), platform::bearer);
                for (String url : List.of(platform.gatewayUrl(), platform.serviceUrl(owner))) {
                    String where = url.equals(platform.gatewayUrl()) ? "the gateway" : owner + "-service";
                    JsonNode response = JSON.readTree(post(url, bearer, document, variables)
                            .statusCode(200).extract().asString());
                    boolean forbidden = codes(response).contains("FORBIDDEN");
                    if (allowed.contains(role.getKey()) == forbidden) {
                        wrong.add(name + " as " + role.getKey() + " at " + where + ": "
                                + (forbidden ? "forbidden" : "not forbidden") + " " + response.get("errors"));
                    }
                    if (forbidden && !(response.path("data").path(name).isMissingNode()
                            || response.path("data").path(name).isNull())) {
                        wrong.add(name + " as " + role.getKey() + " at " + where + ": forbidden but answered data");
                    }
                }
            }
        }
        assertEquals(ALLOWED.keySet(), seen, "the policy table of this test names every mutation of the API");
        assertEquals(List.of(), wrong);
    }

    @Test
    void theSubgraphsAnswerNoIntrospectionInProduction() {
        for (String service : List.of("plan", "kpi", "governance")) {
            post(platform.serviceUrl(service), platform.bearer("cio"), "{ __schema { queryType { name } } }", Map.of())
                    .statusCode(200)
                    .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"))
                    .body("data", nullValue());
        }
    }

    @Test
    void withoutATokenTheGatewayAnswersUnauthenticatedAndTheSubgraphsRefuse() {
        String gateway = platform.gatewayUrl().replace("/graphql", "");
        String metadata = gateway + "/.well-known/oauth-protected-resource";
        var refused = post(platform.gatewayUrl(), null, "{ initiatives { nodes { name } } }", Map.of())
                .statusCode(401)
                // No error for a request without authentication (RFC 6750 §3.1); where to learn how to sign in.
                .header("WWW-Authenticate", equalTo("Bearer realm=\"throughline\", resource_metadata=\""
                        + metadata + "\""))
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"))
                .body("data", nullValue()).extract();
        assertEquals(1, refused.headers().getValues("WWW-Authenticate").size(), "one challenge");
        // The metadata names the gateway as this test reached it, over plain HTTP, and the realm that signs in.
        String resource = given().when().get(metadata).then().statusCode(200).extract().asString();
        assertEquals(gateway, io.restassured.path.json.JsonPath.from(resource).getString("resource"));
        assertEquals(keycloak.issuer(),
                io.restassured.path.json.JsonPath.from(resource).getString("authorization_servers[0]"));
        for (String service : List.of("plan", "kpi", "governance")) {
            post(platform.serviceUrl(service), null, "{ _service { sdl } }", Map.of()).statusCode(401);
            post(platform.serviceUrl(service), null, "mutation { evaluateSignals { raised } }", Map.of()).statusCode(401);
        }
    }

    @Test
    void onlyHealthAnswersAnonymousCallers() {
        String gateway = platform.gatewayUrl().replace("/graphql", "");
        given().when().get(gateway + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        for (String path : List.of("/supergraph", "/q/metrics")) {
            given().when().get(gateway + path).then().statusCode(401)
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer realm=\"throughline\""))
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        }
        given().redirects().follow(false).when().get(platform.graphiqlUrl()).then().statusCode(302);
        for (String service : List.of("plan", "kpi", "governance")) {
            String base = platform.serviceUrl(service).replace("/graphql", "");
            given().when().get(base + "/q/health/ready").then().statusCode(200);
            given().when().get(base + "/q/openapi").then().statusCode(401);
            given().when().get(base + "/q/metrics").then().statusCode(401);
        }
    }

    /**
     * The hostile suite with a real token, at the gateway and straight at each subgraph as deployed (tokens verified,
     * roles required, introspection off in the subgraphs): each answered alike; without a token, a subgraph answers
     * 401 before it reads the document.
     */
    @Test
    void everyHostileRequestIsAnsweredAlikeByTheGatewayAndEachSubgraph() {
        String analyst = "Bearer " + keycloak.userToken("analyst");
        for (HostileRequests.Case hostile : HostileRequests.all()) {
            HostileRequests.assertHandled(hostile, platform.gatewayUrl(), analyst);
            for (String service : List.of("plan", "kpi", "governance")) {
                HostileRequests.assertHandled(hostile, platform.serviceUrl(service), analyst);
            }
        }
        HostileRequests.Case doubling = HostileRequests.all().get(0);
        given().contentType(ContentType.JSON).body(doubling.body()).when().post(platform.serviceUrl("plan"))
                .then().statusCode(401);
    }

    @Test
    void forgedExpiredForeignIssuerAndForeignAudienceTokensAreRejected() throws Exception {
        String query = "{ initiatives { nodes { name } } }";
        String genuine = keycloak.userToken("analyst");
        post(platform.gatewayUrl(), "Bearer " + genuine, query, Map.of()).statusCode(200);

        // The analyst's token with the payload changed to the CEO's name: the signature no longer matches.
        String[] parts = genuine.split("\\.");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        ((com.fasterxml.jackson.databind.node.ObjectNode) claims).put("preferred_username", "ceo");
        String tampered = parts[0] + "." + base64(JSON.writeValueAsBytes(claims)) + "." + parts[2];
        // A token with every right claim, signed with a key that is not the realm's (same key id).
        String selfSigned = sign(parts[0], claims);
        // A token of another realm (the master realm's administrator): wrong issuer.
        String foreignIssuer = keycloak.adminToken();
        // A token of the realm issued to a client whose tokens are not for the API: wrong audience.
        String foreignAudience = keycloak.clientToken("throughline-directory", "dev-only-directory-secret");
        // A token that expired: issued by a client whose tokens live one second.
        String expired = expiredToken();

        for (Map.Entry<String, String> bad : Map.of("tampered", tampered, "self-signed", selfSigned,
                "foreign issuer", foreignIssuer, "foreign audience", foreignAudience, "expired", expired,
                "malformed", "not-a-token").entrySet()) {
            // The gateway says, in its own words and in the challenge of RFC 6750, that the token was refused and
            // whether it expired (refresh it) or is invalid (replace it).
            var refused = post(platform.gatewayUrl(), "Bearer " + bad.getValue(), query, Map.of()).extract();
            assertEquals(401, refused.statusCode(), bad.getKey() + " token at the gateway");
            JsonNode body = JSON.readTree(refused.asString());
            assertEquals("UNAUTHENTICATED", body.path("errors").path(0).path("extensions").path("code").asText(),
                    bad.getKey() + ": " + body);
            String message = body.path("errors").path(0).path("message").asText();
            assertTrue(!message.isBlank() && !message.matches("(?s).*(Exception|jose4j|quarkus|localhost|http|"
                    + java.net.URI.create(keycloak.url()).getPort() + ").*"), bad.getKey() + ": " + message);
            List<String> challenges = refused.headers().getValues("WWW-Authenticate");
            assertEquals(1, challenges.size(), bad.getKey() + ": " + challenges);
            String challenge = challenges.get(0);
            assertTrue(challenge.startsWith("Bearer realm=\"throughline\", error=\"invalid_token\", "
                    + "error_description=\""), bad.getKey() + ": " + challenge);
            assertEquals(bad.getKey().equals("expired"),
                    challenge.contains("error_description=\"the access token expired\""),
                    bad.getKey() + ": " + challenge);
            for (String service : List.of("plan", "kpi", "governance")) {
                int status = post(platform.serviceUrl(service), "Bearer " + bad.getValue(), "{ _service { sdl } }",
                        Map.of()).extract().statusCode();
                assertEquals(401, status, bad.getKey() + " token at " + service + "-service");
            }
        }
    }

    /**
     * A token of the realm for the API but for no role of it, as the Kubernetes deployment gives Prometheus
     * (k8s/base/monitoring/metrics-client.yaml): it scrapes metrics, and reads no data, at the gateway or past it.
     */
    @Test
    void aTokenWithoutARoleOfThePlatformScrapesMetricsButReadsNothing() {
        Map<String, Object> client = Map.of("clientId", "metrics-scraper", "publicClient", false,
                "secret", "scraper-secret", "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "protocolMappers", List.of(Map.of("name", "audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config", Map.of(
                                "included.custom.audience", "throughline-api", "access.token.claim", "true"))));
        given().header("Authorization", "Bearer " + keycloak.adminToken()).contentType(ContentType.JSON).body(client)
                .when().post(keycloak.url() + "/admin/realms/" + KeycloakServer.REALM + "/clients")
                .then().statusCode(201);
        String scraper = "Bearer " + keycloak.clientToken("metrics-scraper", "scraper-secret");
        String query = "{ initiatives { nodes { name } } }";
        post(platform.gatewayUrl(), scraper, query, Map.of()).statusCode(403)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        given().header("Authorization", scraper).when().get(platform.gatewayUrl().replace("/graphql", "/q/metrics"))
                .then().statusCode(200);
        for (String service : List.of("plan", "kpi", "governance")) {
            post(platform.serviceUrl(service), scraper, "{ _service { sdl } }", Map.of()).statusCode(403);
            given().header("Authorization", scraper)
                    .when().get(platform.serviceUrl(service).replace("/graphql", "/q/metrics"))
                    .then().statusCode(200);
        }
    }

    @Test
    void onlyGovernancesServiceAccountMayProveAnEffectEvenAgainstAUserGivenItsRole() {
        String plan = platform.serviceUrl("plan");
        String prove = """
                mutation Prove { proveMilestoneEffect(id: "999999", version: 0, evidence: "signed off") { id } }
                """;
        post(plan, platform.bearer("pmo-lead"), prove, Map.of()).statusCode(200)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        post(plan, "Bearer " + keycloak.clientToken("throughline-gateway", "dev-only-gateway-secret"), prove, Map.of())
                .statusCode(200).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        // An administrator gives a person the service's role by mistake: the token is still not governance's own.
        String admin = "Bearer " + keycloak.adminToken();
        String users = keycloak.url() + "/admin/realms/" + KeycloakServer.REALM + "/users";
        String analyst = given().header("Authorization", admin).queryParam("username", "analyst").queryParam("exact", true)
                .when().get(users).then().statusCode(200).extract().path("[0].id");
        Map<String, Object> role = given().header("Authorization", admin)
                .when().get(keycloak.url() + "/admin/realms/" + KeycloakServer.REALM + "/roles/governance-service")
                .then().statusCode(200).extract().as(Map.class);
        given().header("Authorization", admin).contentType(ContentType.JSON).body(List.of(role))
                .when().post(users + "/" + analyst + "/role-mappings/realm").then().statusCode(204);
        try {
            post(plan, platform.bearer("analyst"), prove, Map.of()).statusCode(200)
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        } finally {
            given().header("Authorization", admin).contentType(ContentType.JSON).body(List.of(role))
                    .when().delete(users + "/" + analyst + "/role-mappings/realm").then().statusCode(204);
        }
        // Governance's own account gets past the guard: the milestone does not exist.
        post(plan, "Bearer " + keycloak.clientToken("governance-service", "dev-only-governance-secret"), prove, Map.of())
                .statusCode(200).body("errors[0].extensions.code", not(equalTo("FORBIDDEN")));
    }

    @Test
    void changesAndMeasurementsAreRecordedUnderTheSignedInUser() {
        String initiative = post(platform.gatewayUrl(), platform.bearer("it-lead"), """
                mutation Open { createInitiative(initiative: { name: "Access control check", objective: "who did it",
                                                                sponsor: "cio", accountableOwner: "cio" }) { id version } }
                """, Map.of()).statusCode(200).body("errors", nullValue())
                .extract().path("data.createInitiative.id");
        post(platform.gatewayUrl(), platform.bearer("it-lead"), """
                mutation Rename($id: ID!) { updateInitiative(id: $id, version: 0, changes: { name: "Access control" }) { id } }
                """, Map.of("id", initiative)).statusCode(200).body("errors", nullValue());
        post(platform.gatewayUrl(), platform.bearer("analyst"), """
                query History($id: ID!) { initiative(id: $id) { revisions { changedBy } } }
                """, Map.of("id", initiative)).statusCode(200)
                .body("data.initiative.revisions.changedBy", hasItem("it-lead"))
                .body("data.initiative.revisions.changedBy", not(hasItem("anonymous")));
    }

    @Test
    void everyPersonNamedIsAUserOfTheRealmAndIsShownByTheirName() {
        post(platform.gatewayUrl(), platform.bearer("it-lead"), """
                mutation { createInitiative(initiative: { name: "Ghost run", sponsor: "cio", accountableOwner: "ghost" }) { id } }
                """, Map.of()).statusCode(200)
                .body("errors[0].extensions.code", equalTo("unknown-person"))
                .body("errors[0].extensions.field", equalTo("accountableOwner"));
        post(platform.gatewayUrl(), platform.bearer("sales-steward"), """
                mutation { createKpi(kpi: { name: "Ghost KPI", unit: PERCENT, direction: HIGHER_IS_BETTER, kind: LEAD,
                  businessFunction: SALES, baselineValue: 1, baselineDate: "2026-01-05", targetValue: 2,
                  targetDate: "2027-01-04", measurementCadenceDays: 7, accountableOwner: "ghost" }) { id } }
                """, Map.of()).statusCode(200)
                .body("errors[0].extensions.code", equalTo("unknown-person"));
        post(platform.gatewayUrl(), platform.bearer("analyst"), """
                { person(id: "cfo") { id displayName accountableMilestones { title } } }
                """, Map.of()).statusCode(200)
                .body("errors", nullValue())
                .body("data.person.displayName", equalTo("Farid Okafor"))
                .body("data.person.accountableMilestones.title", hasItem("General ledger migration"));
        // Keycloak matches usernames without regard to case, and so does the platform: 'CFO' is the cfo, shown and
        // stored as cfo; an id the realm does not know is no person at all, not an empty, valid-looking one.
        post(platform.gatewayUrl(), platform.bearer("analyst"), """
                { person(id: "CFO") { id displayName accountableMilestones { title } } }
                """, Map.of()).statusCode(200)
                .body("errors", nullValue())
                .body("data.person.id", equalTo("cfo"))
                .body("data.person.displayName", equalTo("Farid Okafor"))
                .body("data.person.accountableMilestones.title", hasItem("General ledger migration"));
        post(platform.gatewayUrl(), platform.bearer("analyst"), "{ person(id: \"ghost\") { id displayName } }",
                Map.of()).statusCode(200)
                .body("data.person", nullValue())
                .body("errors[0].extensions.code", equalTo("unknown-person"))
                .body("errors[0].extensions.field", equalTo("id"));
        post(platform.gatewayUrl(), platform.bearer("analyst"), """
                { milestones(filter: { accountableOwner: "SALES-STEWARD" }) { nodes { accountableOwner } } }
                """, Map.of()).statusCode(200)
                .body("errors", nullValue())
                .body("data.milestones.nodes.accountableOwner", hasItem("sales-steward"));

        // A spreadsheet names its owners too: an unknown one is a problem at its row and column, and nothing is stored.
        String initiative = post(platform.gatewayUrl(), platform.bearer("analyst"), "{ initiatives { nodes { id name } } }",
                Map.of()).statusCode(200).extract().path("data.initiatives.nodes.find { it.name == 'Cloud ERP migration' }.id");
        String sheet = "key,workstream,business_function,title,baseline_finish,owner\n"
                + "GH-1,Finance,FINANCE,Close automation,2027-03-31,cfo\n"
                + "GH-2,Finance,FINANCE,Ghost milestone,2027-03-31,ghost\n";
        given().header("Authorization", platform.bearer("it-lead"))
                .multiPart("file", "plan.csv", sheet.getBytes(StandardCharsets.UTF_8)).queryParam("dryRun", true)
                .when().post(platform.serviceUrl("plan").replace("/graphql", "/initiatives/" + initiative + "/plan-import"))
                .then().log().ifValidationFails().statusCode(422).contentType("application/problem+json")
                .body("errors.row", org.hamcrest.Matchers.contains(3))
                .body("errors.column", org.hamcrest.Matchers.contains("owner"));
        // ... and only a plan-editor may import at all.
        given().header("Authorization", platform.bearer("analyst"))
                .multiPart("file", "plan.csv", sheet.getBytes(StandardCharsets.UTF_8)).queryParam("dryRun", true)
                .when().post(platform.serviceUrl("plan").replace("/graphql", "/initiatives/" + initiative + "/plan-import"))
                .then().statusCode(403);
    }

    @Test
    void browserApplicationsSignInWithTheCodeFlowAndPkceOnly() {
        String authorize = keycloak.issuer() + "/protocol/openid-connect/auth";
        String redirect = "http://localhost:8080/cockpit/";
        // Without a PKCE challenge, Keycloak refuses to start the sign-in of the public client.
        var withoutChallenge = given().redirects().follow(false)
                .queryParams(Map.of("client_id", "throughline-web", "response_type", "code", "scope", "openid",
                        "redirect_uri", redirect))
                .when().get(authorize).then().extract();
        String refused = withoutChallenge.header("Location") + " " + withoutChallenge.asString();
        assertTrue(refused.contains("code_challenge"), refused);
        // With one, it shows its sign-in page.
        given().redirects().follow(false)
                .queryParams(Map.of("client_id", "throughline-web", "response_type", "code", "scope", "openid",
                        "redirect_uri", redirect, "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                        "code_challenge_method", "S256"))
                .when().get(authorize).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("kc-form-login"));
        // The implicit flow, which would hand tokens to the browser's address bar, is off.
        String implicit = given().redirects().follow(false)
                .queryParams(Map.of("client_id", "throughline-web", "response_type", "token", "scope", "openid",
                        "redirect_uri", redirect))
                .when().get(authorize).then().extract().header("Location");
        assertTrue(implicit != null && implicit.contains("error="), String.valueOf(implicit));
    }

    @Test
    void theCeoCioCfoAndCooGetIdenticalDataForTheSameQuery() {
        String query = """
                query Cockpit {
                  initiatives { nodes { name milestones { title deliveryStatus health slippageDays } } }
                  kpis { name currentValue analytics { status attainment trendPerDay } }
                  commitments { expectedValue milestone { title } kpi { name } outcome { delta } }
                  signals { kind severity message }
                }
                """;
        String ceo = post(platform.gatewayUrl(), platform.bearer("ceo"), query, Map.of()).statusCode(200)
                .body("errors", nullValue()).extract().asString();
        assertTrue(ceo.contains("Pricing engine cut-over"), ceo);
        for (String executive : List.of("cio", "cfo", "coo")) {
            assertEquals(ceo, post(platform.gatewayUrl(), platform.bearer(executive), query, Map.of()).statusCode(200)
                    .extract().asString(), executive + " sees what the CEO sees");
        }
    }

    @Test
    void subgraphsAndKeycloakListenOnTheLoopbackInterfaceOnly() throws Exception {
        InetAddress external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(network -> !isLoopback(network))
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "this machine has no network interface "
                + "besides the loopback");
        for (String url : List.of(platform.serviceUrl("plan"), platform.serviceUrl("kpi"),
                platform.serviceUrl("governance"), keycloak.url())) {
            int port = java.net.URI.create(url).getPort();
            assertFalse(accepts(external, port), url + " answers on " + external.getHostAddress());
            assertTrue(accepts(InetAddress.getLoopbackAddress(), port), url + " answers on the loopback");
        }
        assertTrue(accepts(external, java.net.URI.create(platform.gatewayUrl()).getPort()),
                "the gateway is for clients: it answers on " + external.getHostAddress());
    }

    private static boolean isLoopback(NetworkInterface network) {
        try {
            return network.isLoopback() || !network.isUp();
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * A token of a client made for this test whose access tokens live one second, used once the gateway no longer
     * takes it.
     */
    private static String expiredToken() throws InterruptedException {
        String admin = "Bearer " + keycloak.adminToken();
        Map<String, Object> client = Map.of("clientId", "short-lived", "publicClient", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("access.token.lifespan", "1"),
                "protocolMappers", List.of(Map.of("name", "audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config", Map.of(
                                "included.custom.audience", "throughline-api", "access.token.claim", "true"))));
        given().header("Authorization", admin).contentType(ContentType.JSON).body(client)
                .when().post(keycloak.url() + "/admin/realms/" + KeycloakServer.REALM + "/clients")
                .then().statusCode(201);
        String token = given().formParams(Map.of("grant_type", "password", "client_id", "short-lived",
                        "username", "analyst", "password", KeycloakServer.DEMO_PASSWORD))
                .when().post(keycloak.tokenEndpoint()).then().statusCode(200).extract().path("access_token");
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (post(platform.gatewayUrl(), "Bearer " + token, "{ __typename }", Map.of()).extract().statusCode() != 401) {
            if (java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError("the one-second token was still taken after a minute");
            }
            Thread.sleep(100);
        }
        return token;
    }

    private static String sign(String header, JsonNode claims) throws Exception {
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.generateKeyPair().getPrivate());
        String content = header + "." + base64(JSON.writeValueAsBytes(claims));
        signature.update(content.getBytes(StandardCharsets.US_ASCII));
        return content + "." + base64(signature.sign());
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Set<String> codes(JsonNode response) {
        Set<String> codes = new TreeSet<>();
        response.path("errors").forEach(error -> codes.add(error.path("extensions").path("code").asText()));
        return codes;
    }

    /** A document that calls the mutation with a value of the right type for each required argument. */
    private static String document(JsonNode mutation, Map<String, JsonNode> types, Map<String, Object> variables) {
        StringJoiner declarations = new StringJoiner(", ", "(", ")");
        StringJoiner arguments = new StringJoiner(", ", "(", ")");
        for (JsonNode argument : mutation.get("args")) {
            if (!"NON_NULL".equals(argument.get("type").get("kind").asText())) {
                continue;
            }
            String name = argument.get("name").asText();
            declarations.add("$" + name + ": " + typeName(argument.get("type")));
            arguments.add(name + ": $" + name);
            variables.put(name, value(argument.get("type"), types));
        }
        JsonNode returned = named(mutation.get("type"));
        String selection = Set.of("OBJECT", "INTERFACE", "UNION").contains(returned.get("kind").asText())
                ? " { __typename }" : "";
        String name = mutation.get("name").asText();
        boolean none = variables.isEmpty();
        return "mutation Check" + (none ? "" : declarations) + " { " + name + (none ? "" : arguments) + selection + " }";
    }

    private static Object value(JsonNode type, Map<String, JsonNode> types) {
        return switch (type.get("kind").asText()) {
            case "NON_NULL" -> value(type.get("ofType"), types);
            case "LIST" -> List.of(value(type.get("ofType"), types));
            case "ENUM" -> types.get(type.get("name").asText()).get("enumValues").get(0).get("name").asText();
            case "INPUT_OBJECT" -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (JsonNode field : types.get(type.get("name").asText()).get("inputFields")) {
                    if ("NON_NULL".equals(field.get("type").get("kind").asText())) {
                        fields.put(field.get("name").asText(), value(field.get("type"), types));
                    }
                }
                yield fields;
            }
            default -> switch (type.get("name").asText()) {
                case "Int" -> 1;
                case "Float" -> 1.0;
                case "Boolean" -> true;
                case "Date" -> "2026-01-05";
                case "DateTime" -> "2026-01-05T10:00:00Z";
                default -> "1";
            };
        };
    }

    private static JsonNode named(JsonNode type) {
        return type.hasNonNull("ofType") ? named(type.get("ofType")) : type;
    }

    private static String typeName(JsonNode type) {
        return switch (type.get("kind").asText()) {
            case "NON_NULL" -> typeName(type.get("ofType")) + "!";
            case "LIST" -> "[" + typeName(type.get("ofType")) + "]";
            default -> type.get("name").asText();
        };
    }

    private static final String INTROSPECTION = """
            query Mutations {
              __schema {
                mutationType { name }
                types {
                  name kind
                  enumValues { name }
                  inputFields { name type { ...Type } }
                  fields { name args { name type { ...Type } } type { ...Type } }
                }
              }
            }
            fragment Type on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
            """;
}
