package org.throughline.launcher;

import org.throughline.testing.PostgresServer;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;

/**
 * The sales system of the story, as a second database ({@value #DATABASE}) on the local run's PostgreSQL: the quotes
 * sales prices, each with when it was requested and when it was priced. Quote turnaround is not typed into Throughline
 * but pulled from here by a SQL connector, which reads as {@value #READER}, a role that may only read the quotes.
 */
final class SalesSystem {

    static final String DATABASE = "sales";
    static final String READER = "throughline_reader";
    /** The name the connector gives its password by: a file of kpi-service's connector credentials. */
    static final String CREDENTIAL = "sales-db";
    /** Daily average hours from request to priced quote, by the day quotes were priced. */
    static final String TURNAROUND = """
            select (priced at time zone 'UTC')::date as day,
                   round(avg(extract(epoch from priced - created) / 3600), 2) as value
            from quotes group by 1""";
    /** Spread around a day's turnaround that averages to it exactly: six quotes a day, some quicker, some slower. */
    private static final double[] SPREAD = {-3, -1.5, -0.5, 0.5, 1.5, 3};

    private SalesSystem() {
    }

    /**
     * Creates the database, its quotes table and the connector's read-only role, whose password is set anew each
     * start (a persistent run keeps the rest); answers the password, which only kpi-service's credentials hold.
     */
    static String prepare(PostgresServer postgres) {
        postgres.ensureDatabase(DATABASE);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        execute(postgres, """
                create table if not exists quotes (
                    id       bigint generated always as identity primary key,
                    customer text        not null,
                    created  timestamptz not null,
                    priced   timestamptz not null check (priced >= created))""");
        execute(postgres, "do $$ begin if not exists (select from pg_roles where rolname = '" + READER + "') then "
                + "create role " + READER + " login; end if; end $$");
        execute(postgres, "alter role " + READER + " password '" + password + "'");
        execute(postgres, "grant select on quotes to " + READER);
        return password;
    }

    /**
     * The quotes behind the story's quote turnaround: on each day it was measured, six quotes priced that day whose
     * turnaround averages to the value measured, so that the connector finds what the history says.
     */
    static void seed(PostgresServer postgres, Map<LocalDate, Double> turnaround) {
        try (Connection connection = connect(postgres);
             PreparedStatement insert = connection.prepareStatement("""
                     insert into quotes (customer, created, priced)
                     values (?, cast(? as timestamptz) - cast(? as double precision) * interval '1 hour',
                             cast(? as timestamptz))""")) {
            int customer = 0;
            for (Map.Entry<LocalDate, Double> day : turnaround.entrySet()) {
                for (double offset : SPREAD) {
                    String priced = day.getKey() + "T00:00:00Z";
                    insert.setString(1, "Customer " + (++customer % 40 + 1));
                    insert.setString(2, priced);
                    insert.setDouble(3, day.getValue() + offset);
                    insert.setString(4, priced);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not seed the sales system: " + e.getMessage(), e);
        }
    }

    private static void execute(PostgresServer postgres, String sql) {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the sales system: " + e.getMessage(), e);
        }
    }

    private static Connection connect(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), PostgresServer.USER, "");
    }
}
