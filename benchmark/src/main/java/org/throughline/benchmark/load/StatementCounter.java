package org.throughline.benchmark.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the SQL statements each service's database runs, with PostgreSQL's pg_stat_statements (preloaded by the
 * benchmark; utility statements such as BEGIN and SET left out): every statement, whether Hibernate, plain JDBC or
 * Flyway sent it.
 */
final class StatementCounter implements AutoCloseable {

    /** The settings PostgreSQL needs to start with for this counter. */
    static final Map<String, String> POSTGRES_SETTINGS = Map.of(
            "shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.track_utility", "off",
            "pg_stat_statements.max", "10000");

    private final Connection connection;

    /** Over the server's {@code postgres} database, as its superuser. */
    StatementCounter(String postgresJdbcUrl) throws SQLException {
        connection = DriverManager.getConnection(postgresJdbcUrl, "postgres", "");
        try (Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
        }
    }

    void reset() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_stat_statements_reset()");
        }
    }

    /** Statements run since the last reset, by database. */
    Map<String, Long> byDatabase() throws SQLException {
        Map<String, Long> calls = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     select d.datname, sum(s.calls) from pg_stat_statements s join pg_database d on d.oid = s.dbid
                     group by d.datname""")) {
            while (rows.next()) {
                calls.put(rows.getString(1), rows.getLong(2));
            }
        }
        return calls;
    }

    /** The PostgreSQL server's main process (the parent of this connection's backend). */
    long serverPid() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select pg_backend_pid()")) {
            rows.next();
            long backend = rows.getLong(1);
            return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server process above " + backend));
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
