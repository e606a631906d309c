package org.throughline.kpi.connector.source;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.LocalDate;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Runs a connector's query against another system's database, read-only: a read-only transaction that is rolled back,
 * a statement timeout, and a row cap. The query returns day, value and (when it feeds several KPIs) kpi_key; the window
 * is applied around it, so the query needs no parameters and the database filters before it aggregates where it can.
 */
public final class SqlSource implements SourceReader {

    private static final int FETCH_SIZE = 1000;

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String query;
    private final boolean keyed;
    private final int rowCap;
    private final int timeoutSeconds;

    public SqlSource(String jdbcUrl, String username, String password, String query, boolean keyed, int rowCap,
                     int timeoutSeconds) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.query = query;
        this.keyed = keyed;
        this.rowCap = rowCap;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The query as run: the connector's, with the window's first and last day as the two parameters. */
    static String windowed(String query, boolean keyed) {
        return "select day, value" + (keyed ? ", kpi_key" : "") + " from (" + query + "\n) source"
                + " where day >= ? and day <= ? order by day" + (keyed ? ", kpi_key" : "");
    }

    @Override
    public long read(LocalDate from, LocalDate to, Consumer<SourceRow> rows, Consumer<Unusable> unusable)
            throws SourceException {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // PostgreSQL's driver reads these (seconds); others ignore what they do not know.
        properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(windowed(query, keyed))) {
                statement.setQueryTimeout(timeoutSeconds);
                statement.setMaxRows(rowCap + 1);
                statement.setFetchSize(FETCH_SIZE);
                statement.setObject(1, from);
                statement.setObject(2, to);
                long read = 0;
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        read++;
                        if (read > rowCap) {
                            throw new SourceException("row-cap-exceeded", "The query returned more than the row cap of "
                                    + rowCap + " rows for " + from + " to " + to + "; nothing was recorded.");
                        }
                        LocalDate day = found.getObject(1, LocalDate.class);
                        BigDecimal value = found.getBigDecimal(2);
                        String key = keyed ? found.getString(3) : null;
                        if (day == null) {
                            unusable.accept(new Unusable(read, "day is null."));
                        } else if (value == null) {
                            unusable.accept(new Unusable(read, "value is null for " + day + "."));
                        } else {
                            rows.accept(new SourceRow(read, day, value, key));
                        }
                    }
                }
                return read;
            } finally {
                // Nothing is ever committed on a source: the transaction was read-only, and ends here.
                connection.rollback();
            }
        } catch (SQLTimeoutException e) {
            throw new SourceException("query-timeout", "The query took longer than " + timeoutSeconds + " s.");
        } catch (SQLException e) {
            throw classified(e);
        }
    }

    private SourceException classified(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (state.equals("57014")) {
            return new SourceException("query-timeout", "The query took longer than " + timeoutSeconds + " s.");
        }
        if (state.equals("25006")) {
            return new SourceException("query-not-read-only", "The query tried to write, in a read-only transaction: "
                    + message);
        }
        if (state.startsWith("28")) {
            return new SourceException("credential-refused", "The database refused the credential: " + message);
        }
        if (state.startsWith("08") || state.equals("3D000")) {
            return new SourceException("source-unreachable", "The database cannot be reached: " + message);
        }
        return new SourceException("query-failed", "The query failed: " + message);
    }
}
