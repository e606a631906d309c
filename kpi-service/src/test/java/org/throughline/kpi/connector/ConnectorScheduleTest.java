package org.throughline.kpi.connector;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.PostgresServer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.connector.ConnectorFixture.defineSql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * The schedule as replicas run it: several look for due connectors at once against one database, and each due
 * connector runs once. A database of its own, so that no other test's connectors are due here.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "kpi_schedule"))
class ConnectorScheduleTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final int REPLICAS = 4;

    @Inject
    ConnectorSchedule schedule;

    @Inject
    DataSource kpiDatabase;

    @Test
    void replicasLookingAtOnceRunEachDueConnectorOnceAndThenNotBeforeItsInterval() throws Exception {
        PostgresServer server = EmbeddedPostgresResource.sharedServer();
        server.ensureDatabase("sales_schedule");
        String url = server.jdbcUrl("sales_schedule");
        try (Connection sales = DriverManager.getConnection(url, PostgresServer.USER, "");
             Statement statement = sales.createStatement()) {
            statement.execute("create table orders (placed date not null, amount numeric not null)");
            statement.execute("insert into orders values ('" + TODAY.minusDays(2) + "', 120), ('" + TODAY.minusDays(1)
                    + "', 80), ('" + TODAY.minusDays(1) + "', 40)");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String kpi = createKpi("name", "Order intake " + i, "unit", "CURRENCY", "direction", "HIGHER_IS_BETTER",
                    "baselineValue", 100.0, "targetValue", 200.0);
            ids.add(defineSql(variables("name", "Orders " + i, "kpiId", kpi, "everyMinutes", 60,
                    "startDay", TODAY.minusDays(7).toString(), "jdbcUrl", url, "username", PostgresServer.USER,
                    "query", "select placed as day, sum(amount) as value from orders group by placed"))
                    .body("errors", nullValue()).extract().path("data.defineSqlConnector.id"));
        }

        ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
        try {
            List<Callable<List<ConnectorRun>>> looks = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                looks.add(schedule::runDue);
            }
            int runs = 0;
            for (Future<List<ConnectorRun>> look : replicas.invokeAll(looks)) {
                for (ConnectorRun run : look.get()) {
                    assertEquals(RunOutcome.SUCCEEDED, run.outcome);
                    assertEquals(2, run.recorded);
                    runs++;
                }
            }
            assertEquals(ids.size(), runs);
        } finally {
            replicas.shutdown();
        }
        assertEquals(Map.of("runs", (long) ids.size(), "measurements", 2L * ids.size()), counts());

        // Not due again before its interval: another look runs nothing.
        assertEquals(List.of(), schedule.runDue());
        assertEquals(Map.of("runs", (long) ids.size(), "measurements", 2L * ids.size()), counts());
    }

    private Map<String, Long> counts() throws Exception {
        try (Connection connection = kpiDatabase.getConnection(); Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("select (select count(*) from connector_run),"
                     + " (select count(*) from measurement where source = 'CONNECTOR')")) {
            found.next();
            return Map.of("runs", found.getLong(1), "measurements", found.getLong(2));
        }
    }
}
