package org.throughline.benchmark.tenant;

import org.postgresql.PGConnection;
import org.throughline.benchmark.PostgresCopy;
import org.throughline.testing.PostgresServer;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rows the platform wrote, loaded again by PostgreSQL's COPY into the same tables of a scratch database on the
 * same server: the database is copied as a template (same schema, indexes, constraints and triggers), emptied, and
 * filled table by table, parents before children, each COPY timed. A template may have no other session, so the
 * services must be stopped first. The scratch database is dropped afterwards.
 */
final class CopyComparison {

    /** One table's rows and the seconds COPY took to load them. */
    record TableCopy(String database, String table, long rows, double seconds, boolean triggersOff) {
    }

    private final Function<String, String> jdbcUrl;
    private final Path work;

    /** {@code jdbcUrl} gives the JDBC URL of a database of the server by name. */
    CopyComparison(Function<String, String> jdbcUrl, Path work) {
        this.jdbcUrl = jdbcUrl;
        this.work = work;
    }

    List<TableCopy> copy(String database) throws SQLException, IOException {
        String scratch = "tenant_copy_" + database;
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + scratch);
            statement.execute("create database " + scratch + " template " + database);
        }
        List<TableCopy> copies = new ArrayList<>();
        try (Connection source = connect(database); Connection target = connect(scratch)) {
            List<String> tables = parentsFirst(source);
            Map<String, String> columns = new LinkedHashMap<>();
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : tables) {
                columns.put(table, columns(source, table));
                Path file = work.resolve(database + "." + table + ".csv");
                try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    rows.put(table, source.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select "
                            + columns.get(table) + " from " + table + ") to stdout with (format csv)", writer));
                }
            }
            try (Statement statement = target.createStatement()) {
                // Append-only tables refuse TRUNCATE by trigger; the scratch copy is emptied whole with triggers off,
                // and COPY then runs with every trigger on, as the platform's writes did.
                statement.execute("set session_replication_role = replica");
                statement.execute("truncate " + String.join(", ", tables));
                statement.execute("set session_replication_role = origin");
                statement.execute("checkpoint");
            }
            for (String table : tables) {
                Path file = work.resolve(database + "." + table + ".csv");
                String copy = "copy " + table + " (" + columns.get(table) + ") from stdin with (format csv)";
                boolean triggersOff = false;
                double seconds;
                try {
                    seconds = PostgresCopy.seconds(target, copy, file);
                } catch (SQLException refused) {
                    // A trigger that guards an order of writing COPY cannot keep (a published review's decisions and
                    // actions arrive after the review): loaded with triggers off, and said so in the report.
                    try (Statement statement = target.createStatement()) {
                        statement.execute("set session_replication_role = replica");
                        seconds = PostgresCopy.seconds(target, copy, file);
                        statement.execute("set session_replication_role = origin");
                    }
                    triggersOff = true;
                }
                copies.add(new TableCopy(database, table, rows.get(table), seconds, triggersOff));
                Files.delete(file);
            }
        } finally {
            try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
                statement.execute("drop database if exists " + scratch);
            }
        }
        return copies;
    }

    /** The tables of the schema, each after the tables its foreign keys point to. */
    private static List<String> parentsFirst(Connection database) throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        try (Statement statement = database.createStatement();
             ResultSet tables = statement.executeQuery("select c.relname from pg_class c join pg_namespace n on "
                     + "n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and "
                     + "c.relname <> 'flyway_schema_history' order by c.relname")) {
            while (tables.next()) {
                parents.put(tables.getString(1), new LinkedHashSet<>());
            }
        }
        try (Statement statement = database.createStatement();
             ResultSet keys = statement.executeQuery("select child.relname, parent.relname from pg_constraint k "
                     + "join pg_class child on child.oid = k.conrelid join pg_class parent on parent.oid = k.confrelid "
                     + "where k.contype = 'f'")) {
            while (keys.next()) {
                if (parents.containsKey(keys.getString(1)) && !keys.getString(1).equals(keys.getString(2))) {
                    parents.get(keys.getString(1)).add(keys.getString(2));
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < parents.size()) {
            boolean progress = false;
            for (Map.Entry<String, Set<String>> table : parents.entrySet()) {
                if (!ordered.contains(table.getKey()) && ordered.containsAll(table.getValue())) {
                    ordered.add(table.getKey());
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("foreign keys in a cycle among " + parents);
            }
        }
        return ordered;
    }

    /** The columns a COPY may write: all but generated ones. */
    private static String columns(Connection database, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = database.prepareStatement("select column_name from "
                + "information_schema.columns where table_schema = 'public' and table_name = ? and is_generated = "
                + "'NEVER' order by ordinal_position")) {
            statement.setString(1, table);
            try (ResultSet columns = statement.executeQuery()) {
                while (columns.next()) {
                    names.add(columns.getString(1));
                }
            }
        }
        return String.join(", ", names);
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl.apply(database), PostgresServer.USER, "");
    }
}
