package org.throughline.testing;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's Flyway migrations on a throw-away server, run up to a version, so that a test can write rows as that
 * schema had them and then prove what the later migrations make of them.
 */
public final class MigratedDatabase implements AutoCloseable {

    private static final String DATABASE = "migrated";

    private final PostgresServer server;
    private final Flyway latest;

    private MigratedDatabase(PostgresServer server) {
        this.server = server;
        this.latest = flyway(null);
    }

    /** A fresh database with the service's migrations (classpath:db/migration) applied up to {@code version}. */
    public static MigratedDatabase upTo(String version) {
        PostgresServer server = PostgresServer.startEphemeral();
        server.ensureDatabase(DATABASE);
        MigratedDatabase database = new MigratedDatabase(server);
        database.flyway(version).migrate();
        return database;
    }

    /** Applies every later migration. */
    public void migrate() {
        latest.migrate();
    }

    /** Runs statements (separated by semicolons, as psql would take them) in one transaction. */
    public void execute(String sql) {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute(sql);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of each row of a query, as text. */
    public List<String> column(String query) {
        List<String> values = new ArrayList<>();
        try (Connection connection = connection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return values;
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(DATABASE), PostgresServer.USER, "");
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure()
                .dataSource(server.jdbcUrl(DATABASE), PostgresServer.USER, "")
                .locations("classpath:db/migration");
        return (target == null ? configuration : configuration.target(target)).load();
    }

    @Override
    public void close() {
        server.close();
    }
}
