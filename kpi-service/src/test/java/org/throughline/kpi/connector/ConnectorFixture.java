package org.throughline.kpi.connector;

import io.restassured.response.ValidatableResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.nullValue;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/** Defines, runs and reads connectors through the public GraphQL API, as an integration admin would. */
final class ConnectorFixture {

    static final String RUN_FIELDS = """
            id connectorId trigger dryRun outcome windowFrom windowTo durationMs rowsRead recorded corrected unchanged
            rejected problems { row message } errorCode error batchKey replayed preview { kpiId day value action } runBy
            """;

    private ConnectorFixture() {
    }

    static ValidatableResponse defineSql(Map<String, Object> connector) {
        return graphql("""
                mutation Define($connector: NewSqlConnector!) {
                  defineSqlConnector(connector: $connector) {
                    id name kind kpiId kpiKeys { key kpiId } auth credential username jdbcUrl query health watermark
                  }
                }
                """, Map.of("connector", connector));
    }

    static ValidatableResponse defineHttp(Map<String, Object> connector) {
        return graphql("""
                mutation Define($connector: NewHttpConnector!) {
                  defineHttpConnector(connector: $connector) { id name kind auth credential url health }
                }
                """, Map.of("connector", connector));
    }

    static ValidatableResponse run(String id, boolean dryRun) {
        return graphql("mutation Run($id: ID!, $dryRun: Boolean!) { runConnector(id: $id, dryRun: $dryRun) { "
                + RUN_FIELDS + " } }", Map.of("id", id, "dryRun", dryRun));
    }

    static ValidatableResponse backfill(String id, String from, String to, boolean dryRun) {
        return graphql("mutation Backfill($id: ID!, $from: Date!, $to: Date!, $dryRun: Boolean!) {"
                + " backfillConnector(id: $id, from: $from, to: $to, dryRun: $dryRun) { " + RUN_FIELDS + " } }",
                Map.of("id", id, "from", from, "to", to, "dryRun", dryRun));
    }

    static ValidatableResponse connector(String id) {
        return graphql("query Connector($id: ID!) { connector(id: $id) { id name health watermark credential"
                + " lastRun { id outcome errorCode recorded } } }", Map.of("id", id));
    }

    static List<Object> runs(String id) {
        return graphql("query Runs($id: ID!) { connectorRuns(connectorId: $id) { id outcome } }", Map.of("id", id))
                .body("errors", nullValue()).extract().path("data.connectorRuns");
    }

    /** Writes a credential as a mounted Secret would hold it: one file per name, in the test's secrets directory. */
    static void secret(String name, String value) {
        try {
            Path dir = Path.of("target", "connector-secrets");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
