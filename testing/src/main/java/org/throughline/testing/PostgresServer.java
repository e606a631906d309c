package org.throughline.testing;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server unpacked from Maven Central (zonky embedded binaries): no Docker, no
 * installed server. Used by the tests and by the local run, one server holding one database per service.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** The server this object started and closes; null for one started elsewhere in this JVM. */
    private final EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /**
     * The server already running on {@code port}, started by other code in this JVM (another class loader of the
     * same tests): databases can be made on it, and closing this object leaves it running.
     */
    public static PostgresServer running(int port) {
        return new PostgresServer(null, port);
    }

    /** Starts a throw-away server on a free port with a temporary data directory. */
    public static PostgresServer startEphemeral() {
        return startEphemeral(Map.of());
    }

    /** As {@link #startEphemeral()}, with server settings added (e.g. a library to preload). */
    public static PostgresServer startEphemeral(Map<String, String> settings) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        settings.forEach(builder::setServerConfig);
        return start(builder);
    }

    /**
     * Starts a server on the given port keeping its data in {@code dataDirectory}, so that a restarted local run
     * finds what was recorded before. Durably: a committed change is on disk (the embedded server's default of
     * asynchronous commits is for throw-away test databases only).
     */
    public static PostgresServer startPersistent(int port, Path dataDirectory) {
        return startPersistent(port, dataDirectory, Map.of());
    }

    /** As {@link #startPersistent(int, Path)}, with server settings added (e.g. a library to preload). */
    public static PostgresServer startPersistent(int port, Path dataDirectory, Map<String, String> settings) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        settings.forEach(builder::setServerConfig);
        return start(builder);
    }

    private static PostgresServer start(EmbeddedPostgres.Builder builder) {
        try {
            EmbeddedPostgres started = builder.setPgBinaryResolver(PostgresServer::binaries).start();
            return new PostgresServer(started, started.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The binaries as zonky finds them, but where the classpath reaches the same jar twice (a packaged module's
     * manifest names its copies in {@code lib/}, as the benchmarks' tests see the launcher), the first copy rather
     * than zonky's refusal of a duplicate.
     */
    private static InputStream binaries(String system, String machine) throws IOException {
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine);
        } catch (IllegalStateException duplicate) {
            String name = String.format("postgres-%s-%s.txz", system, machine).replace(' ', '_')
                    .toLowerCase(Locale.ROOT);
            List<URL> copies = Collections.list(PostgresServer.class.getClassLoader().getResources(name));
            if (copies.size() < 2) {
                throw duplicate;
            }
            return copies.get(0).openStream();
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates the database unless it exists already. */
    public void ensureDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        PGSimpleDataSource server = new PGSimpleDataSource();
        server.setServerNames(new String[] {"localhost"});
        server.setPortNumbers(new int[] {port});
        server.setDatabaseName("postgres");
        server.setUser(USER);
        try (Connection connection = server.getConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
