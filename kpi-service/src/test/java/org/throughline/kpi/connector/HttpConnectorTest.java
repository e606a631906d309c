package org.throughline.kpi.connector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.connector.ConnectorFixture.backfill;
import static org.throughline.kpi.connector.ConnectorFixture.defineHttp;
import static org.throughline.kpi.connector.ConnectorFixture.run;
import static org.throughline.kpi.connector.ConnectorFixture.secret;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * HTTP connectors against a real HTTP server on a free port: a metrics API that pages (two items a page, a relative
 * next link) behind a bearer token, one behind basic authentication, and ones that fail in the ways sources fail.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class HttpConnectorTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final String TOKEN = "metrics-token-7f3a";
    private static final int PAGE = 2;

    private static HttpServer server;
    /** Every Authorization header the API was sent, by path. */
    private static final Map<String, List<String>> AUTHORIZATIONS = new ConcurrentHashMap<>();

    @BeforeAll
    static void metricsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            if (!("Bearer " + TOKEN).equals(authorization(exchange))) {
                answer(exchange, 401, "{\"error\": \"unauthorized\"}");
                return;
            }
            Map<String, String> query = query(exchange);
            LocalDate from = LocalDate.parse(query.get("from"));
            LocalDate to = LocalDate.parse(query.get("to"));
            int page = Integer.parseInt(query.getOrDefault("page", "1"));
            List<String> items = new ArrayList<>();
            for (int ago = 6; ago >= 1; ago--) {
                LocalDate day = TODAY.minusDays(ago);
                if (!day.isBefore(from) && !day.isAfter(to)) {
                    items.add("{\"date\": \"" + day + "T00:00:00Z\", \"metrics\": {\"turnaround\": " + (10 + ago)
                            + ".5}}");
                }
            }
            int first = (page - 1) * PAGE;
            List<String> shown = items.subList(Math.min(first, items.size()), Math.min(first + PAGE, items.size()));
            String next = first + PAGE < items.size()
                    ? "\"/metrics?from=" + from + "&to=" + to + "&page=" + (page + 1) + "\"" : "null";
            answer(exchange, 200, "{\"data\": [" + String.join(",", shown) + "], \"links\": {\"next\": " + next + "}}");
        });
        server.createContext("/basic", exchange -> {
            String expected = "Basic " + Base64.getEncoder().encodeToString("reporter:basic-pw".getBytes(
                    StandardCharsets.UTF_8));
            if (!expected.equals(authorization(exchange))) {
                answer(exchange, 403, "{}");
                return;
            }
            answer(exchange, 200, "[{\"day\": \"" + TODAY.minusDays(1) + "\", \"value\": \"42.25\"}]");
        });
        server.createContext("/regions", exchange -> answer(exchange, 200, "{\"rows\": ["
                + "{\"day\": \"" + TODAY.minusDays(1) + "\", \"region\": {\"code\": \"N\"}, \"hours\": 3},"
                + "{\"day\": \"" + TODAY.minusDays(1) + "\", \"region\": {\"code\": \"S\"}, \"hours\": 9}]}"));
        server.createContext("/broken", exchange -> answer(exchange, 500, "{}"));
        server.createContext("/not-json", exchange -> answer(exchange, 200, "<html>maintenance</html>"));
        server.createContext("/elsewhere", exchange -> answer(exchange, 200,
                "{\"data\": [], \"next\": \"http://example.invalid/steal\"}"));
        server.start();
    }

    @AfterAll
    static void stopApi() {
        server.stop(0);
    }

    private static String authorization(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        AUTHORIZATIONS.computeIfAbsent(exchange.getRequestURI().getPath(), path -> new ArrayList<>())
                .add(String.valueOf(header));
        return header;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static Map<String, Object> httpConnector(String name, String kpi, String path, Object... overrides) {
        Map<String, Object> connector = variables("name", name, "kpiId", kpi, "everyMinutes", 60,
                "startDay", TODAY.minusDays(10).toString(), "url", base() + path, "itemsPointer", "/data",
                "dayPointer", "/date", "valuePointer", "/metrics/turnaround");
        for (int i = 0; i < overrides.length; i += 2) {
            connector.put((String) overrides[i], overrides[i + 1]);
        }
        return connector;
    }

    private static String define(Map<String, Object> connector) {
        return defineHttp(connector).body("errors", nullValue()).extract().path("data.defineHttpConnector.id");
    }

    private static String kpi(String name) {
        return createKpi("name", name, "unit", "DURATION_HOURS", "validMin", 0.0);
    }

    @Test
    void aPagedApiBehindABearerTokenIsReadPageByPageAndTheTokenIsNeverShown() {
        String kpi = kpi("Turnaround from the metrics API");
        secret("metrics-api-token", TOKEN);
        String id = define(httpConnector("Metrics API", kpi, "/metrics?from={from}&to={to}", "auth", "BEARER",
                "credential", "metrics-api-token", "nextPointer", "/links/next"));

        run(id, false).body("errors", nullValue())
                .body("data.runConnector.outcome", equalTo("SUCCEEDED"))
                .body("data.runConnector.rowsRead", equalTo(6))
                .body("data.runConnector.recorded", equalTo(6));
        // Six days, two a page: three pages, each asked with the token.
        assertEquals(3, AUTHORIZATIONS.get("/metrics").stream().filter(("Bearer " + TOKEN)::equals).count());
        graphql("query V($id: ID!) { kpi(id: $id) { measurements { observedAt value source } } }", Map.of("id", kpi))
                .body("data.kpi.measurements.value", contains(16.5f, 15.5f, 14.5f, 13.5f, 12.5f, 11.5f))
                .body("data.kpi.measurements[0].observedAt", equalTo(TODAY.minusDays(6).toString()));
        String shown = graphql("{ connectors { id credential auth url lastRun { error } } }", Map.of())
                .body("errors", nullValue()).extract().asString();
        assertTrue(shown.contains("metrics-api-token") && !shown.contains(TOKEN));

        backfill(id, TODAY.minusDays(4).toString(), TODAY.minusDays(3).toString(), false)
                .body("data.backfillConnector.rowsRead", equalTo(2))
                .body("data.backfillConnector.recorded", equalTo(0))
                .body("data.backfillConnector.unchanged", equalTo(2));
    }

    @Test
    void oneAnswerFeedsSeveralKpisByTheKeyAtItsPointer() {
        String north = kpi("Turnaround, north by API");
        String south = kpi("Turnaround, south by API");
        Map<String, Object> connector = httpConnector("Regions API", null, "/regions", "itemsPointer", "/rows",
                "dayPointer", "/day", "valuePointer", "/hours", "kpiKeyPointer", "/region/code");
        connector.put("kpiKeys", List.of(Map.of("key", "N", "kpiId", north), Map.of("key", "S", "kpiId", south)));
        String id = define(connector);
        run(id, false).body("data.runConnector.outcome", equalTo("SUCCEEDED"))
                .body("data.runConnector.recorded", equalTo(2));
        graphql("query V($n: ID!, $s: ID!) { n: kpi(id: $n) { currentValue } s: kpi(id: $s) { currentValue } }",
                Map.of("n", north, "s", south))
                .body("data.n.currentValue", equalTo(3.0f))
                .body("data.s.currentValue", equalTo(9.0f));
    }

    @Test
    void basicAuthenticationSendsTheUserAndTheNamedPassword() {
        String kpi = kpi("Turnaround, basic");
        secret("basic-api-password", "basic-pw");
        String id = define(httpConnector("Basic API", kpi, "/basic", "auth", "BASIC", "username", "reporter",
                "credential", "basic-api-password", "itemsPointer", "", "dayPointer", "/day", "valuePointer", "/value"));
        run(id, false).body("data.runConnector.outcome", equalTo("SUCCEEDED"))
                .body("data.runConnector.recorded", equalTo(1));
        graphql("query V($id: ID!) { kpi(id: $id) { currentValue } }", Map.of("id", kpi))
                .body("data.kpi.currentValue", equalTo(42.25f));
    }

    @Test
    void aFailingSourceIsAFailedRunWithItsCodeAndRecordsNothing() throws IOException {
        String kpi = kpi("Turnaround, failing sources");
        secret("wrong-token", "not-the-token");
        Map<String, String> failures = new java.util.LinkedHashMap<>();
        failures.put(define(httpConnector("Wrong token", kpi, "/metrics?from={from}&to={to}", "auth", "BEARER",
                "credential", "wrong-token")), "credential-refused");
        failures.put(define(httpConnector("Mapping that matches nothing", kpi, "/basic", "auth", "BASIC",
                "username", "reporter", "credential", "basic-api-password", "itemsPointer", "",
                "dayPointer", "/when", "valuePointer", "/amount")), "mapping-matched-nothing");
        failures.put(define(httpConnector("Items not where the mapping says", kpi, "/basic", "auth", "BASIC",
                "username", "reporter", "credential", "basic-api-password")), "mapping-matched-nothing");
        failures.put(define(httpConnector("Server error", kpi, "/broken")), "source-error");
        failures.put(define(httpConnector("Not JSON", kpi, "/not-json")), "source-answer-invalid");
        failures.put(define(httpConnector("Next link elsewhere", kpi, "/elsewhere", "nextPointer", "/next")),
                "source-error");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        failures.put(define(httpConnector("Server down", kpi, "/metrics", "url", "http://127.0.0.1:" + closed + "/m")),
                "source-unreachable");
        secret("basic-api-password", "basic-pw");
        failures.forEach((id, code) -> run(id, false).body("data.runConnector.outcome", equalTo("FAILED"))
                .body("data.runConnector.errorCode", equalTo(code)));
        graphql("query V($id: ID!) { kpi(id: $id) { measurements { id } } }", Map.of("id", kpi))
                .body("data.kpi.measurements", empty());
        assertTrue(AUTHORIZATIONS.getOrDefault("/steal", List.of()).isEmpty());
    }

    @Test
    void badDefinitionsAreRefusedWithTheirCodes() {
        String kpi = kpi("Turnaround, refused");
        defineHttp(httpConnector("FTP", kpi, "", "url", "ftp://example.com/metrics"))
                .body("errors[0].extensions.code", equalTo("connector-url-invalid"));
        defineHttp(httpConnector("No host", kpi, "", "url", "http:///metrics"))
                .body("errors[0].extensions.code", equalTo("connector-url-invalid"));
        defineHttp(httpConnector("Spaces", kpi, "", "url", "http://exa mple.com/"))
                .body("errors[0].extensions.code", equalTo("connector-url-invalid"));
        defineHttp(httpConnector("Password in URL", kpi, "", "url", "https://user:pw@example.com/"))
                .body("errors[0].extensions.code", equalTo("connector-url-invalid"));
        defineHttp(httpConnector("Pointer without slash", kpi, "/metrics", "dayPointer", "date"))
                .body("errors[0].extensions.code", equalTo("connector-mapping-invalid"))
                .body("errors[0].extensions.field", equalTo("dayPointer"))
                .body("errors[0].message", containsString("does not compile"));
        defineHttp(httpConnector("Bearer without credential", kpi, "/metrics", "auth", "BEARER"))
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("credential"));
        defineHttp(httpConnector("Neither KPI nor keys", null, "/metrics"))
                .body("errors[0].extensions.code", equalTo("bad-input"))
                .body("errors[0].extensions.field", equalTo("kpiId"));
        assertTrue(Set.of("FTP", "No host").stream().noneMatch(name -> graphql("{ connectors { name } }", Map.of())
                .extract().<List<String>>path("data.connectors.name").contains(name)));
    }
}
