package org.throughline.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a Quarkus test its own database on a real PostgreSQL server. One server is shared by every test in the
 * JVM (it starts in about two seconds); each service names its database with the {@code database} init argument.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer server;
    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        PostgresServer postgres = sharedServer();
        postgres.ensureDatabase(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        // The shared server lives until the JVM exits: the next test class reuses it.
    }

    /** The one server of this JVM, started on first use; other test resources put their databases on it too. */
    public static synchronized PostgresServer sharedServer() {
        if (server == null) {
            // Once per JVM, not per class loader (see JvmShared): Quarkus restarts would each start a server.
            String port = JvmShared.once("throughline.test.postgres.port", () -> {
                PostgresServer started = PostgresServer.startEphemeral();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-postgres-stop"));
                return Integer.toString(started.port());
            });
            server = PostgresServer.running(Integer.parseInt(port));
        }
        return server;
    }
}
