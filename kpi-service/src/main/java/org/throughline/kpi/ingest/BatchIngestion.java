package org.throughline.kpi.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.throughline.kpi.MeasurementSource;
import org.throughline.kpi.service.KpiRules;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.Inputs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Records a bulk batch of measurements, all or nothing, in one transaction. The body streams through a parser into
 * PostgreSQL's COPY, into a temporary staging table, so the service holds one row at a time whatever the batch size.
 * The staged rows are then checked in SQL (unknown KPIs, future days, values outside the valid range, row keys used
 * twice or used before for another value), and only a batch without a problem is copied into the measurements.
 * A batch key recorded before answers with the earlier report; a row key recorded before is not counted again.
 */
@ApplicationScoped
public class BatchIngestion {

    /** The problems a refused batch answers with; the total is counted beyond them. */
    static final int MAX_PROBLEMS = 1000;
    private static final int BATCH_KEY_LENGTH = 200;
    private static final int COPY_BUFFER = 1 << 16;
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    EntityManager entityManager;

    @Inject
    CurrentUser user;

    @Transactional(rollbackOn = Exception.class)
    public BatchReport ingest(String batchKey, BatchFormat format, InputStream body)
            throws BatchRejectedException, BatchKeyReusedException, BadInputException, IOException {
        String key = batchKey(batchKey);
        MessageDigest sha = sha256();
        DigestInputStream digesting = new DigestInputStream(body, sha);
        String by = user.id();
        MeasurementSource source = format == BatchFormat.CSV ? MeasurementSource.CSV : MeasurementSource.API;
        try {
            return entityManager.unwrap(Session.class).doReturningWork(connection -> {
                try {
                    return ingest(connection, key, format, digesting, sha, source, by);
                } catch (BatchRejectedException | BatchKeyReusedException | IOException e) {
                    throw new Wrapped(e);
                }
            });
        } catch (Wrapped wrapped) {
            if (wrapped.getCause() instanceof BatchRejectedException rejected) {
                throw rejected;
            }
            if (wrapped.getCause() instanceof BatchKeyReusedException reused) {
                throw reused;
            }
            throw (IOException) wrapped.getCause();
        }
    }

    private BatchReport ingest(Connection connection, String key, BatchFormat format, InputStream body,
                               MessageDigest sha, MeasurementSource source, String by)
            throws SQLException, BatchRejectedException, BatchKeyReusedException, IOException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select pg_advisory_xact_lock(hashtextextended('measurement-batch:' || ?, 0))")) {
            // Concurrent retries of one batch queue here; the second finds the first's record.
            lock.setString(1, key);
            lock.execute();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("create temporary table measurement_staging (row_number bigint not null, "
                    + "kpi_id bigint not null, observed_at date not null, value numeric not null, row_key text) "
                    + "on commit drop");
        }
        Problems problems = new Problems();
        long rows;
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy measurement_staging (row_number, kpi_id, observed_at, value, row_key) from stdin");
        try (CopyWriter writer = new CopyWriter(copy)) {
            rows = BatchReader.read(body, format, writer::write, problems::add);
        } catch (CharacterCodingException e) {
            throw new BatchRejectedException(List.of(new RowProblem(0, "The body is not UTF-8 text.")), 1);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        String checksum = HexFormat.of().formatHex(sha.digest());
        BatchReport earlier = earlierBatch(connection, key, checksum);
        if (earlier != null) {
            return earlier;
        }
        check(connection, problems);
        if (problems.total > 0) {
            throw new BatchRejectedException(problems.sorted(), problems.total);
        }
        return record(connection, key, checksum, rows, source, by);
    }

    /** The report of a batch recorded before under this key; a different batch under it is refused. */
    private static BatchReport earlierBatch(Connection connection, String key, String checksum)
            throws SQLException, BatchKeyReusedException {
        try (PreparedStatement select = connection.prepareStatement(
                "select checksum, rows, recorded, already from measurement_batch where batch_key = ?")) {
            select.setString(1, key);
            try (ResultSet found = select.executeQuery()) {
                if (!found.next()) {
                    return null;
                }
                if (!found.getString(1).equals(checksum)) {
                    throw new BatchKeyReusedException("The batch key " + org.throughline.subgraph.Inputs.shown(key)
                            + " was already recorded for a batch with other content; nothing was recorded.");
                }
                return new BatchReport(key, found.getLong(2), found.getLong(3), found.getLong(4), true);
            }
        }
    }

    /**
     * The checks that need the database, each listing the first problems. One pass checks each row against its KPI
     * and the calendar; one finds row keys used twice in the batch; one finds the rows whose key is recorded already
     * (into staging_known), which are either the same measurement (skipped when recording) or another (a problem).
     */
    private static void check(Connection connection, Problems problems) throws SQLException {
        problems.addAll(connection, """
                select s.row_number,
                       case when k.id is null then 'No KPI has the id ' || s.kpi_id || '.'
                            when s.observed_at > current_date + %1$d then 'The business day ' || s.observed_at
                                 || ' has not come yet.'
                            when s.observed_at < date '%2$s' then 'The business day ' || s.observed_at
                                 || ' lies before %2$s.'
                            else s.value || ' lies outside the valid range [' || coalesce(k.valid_min::text, '−∞')
                                 || ', ' || coalesce(k.valid_max::text, '∞') || '] of KPI ' || k.id || '.' end
                from measurement_staging s left join kpi k on k.id = s.kpi_id
                where k.id is null or s.observed_at > current_date + %1$d or s.observed_at < date '%2$s'
                   or s.value < k.valid_min or s.value > k.valid_max""".formatted(
                KpiRules.CLOCK_SKEW_DAYS, Inputs.EARLIEST_DATE));
        problems.addAll(connection, """
                select row_number, 'The key ' || left(row_key, 40) || ' is used by row ' || first || ' already.'
                from (select row_number, row_key, min(row_number) over (partition by row_key) as first
                      from measurement_staging where row_key is not null) keyed
                where row_number <> first""");
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table staging_known on commit drop as
                    select s.row_number, m.kpi_id = s.kpi_id and m.value = s.value and m.observed_at = s.observed_at as same
                    from measurement_staging s join measurement m on m.idempotency_key = s.row_key
                    where s.row_key is not null""");
        }
        problems.addAll(connection, """
                select k.row_number, 'The key ' || left(s.row_key, 40) || ' was already used for a different measurement.'
                from staging_known k join measurement_staging s using (row_number) where not k.same""");
    }

    private static BatchReport record(Connection connection, String key, String checksum, long rows,
                                      MeasurementSource source, String by) throws SQLException, BatchRejectedException {
        long batchId;
        try (PreparedStatement insert = connection.prepareStatement("insert into measurement_batch (batch_key, "
                + "checksum, rows, recorded, already, recorded_by) values (?, ?, ?, 0, 0, ?) returning id")) {
            insert.setString(1, key);
            insert.setString(2, checksum);
            insert.setLong(3, rows);
            insert.setString(4, by);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                batchId = id.getLong(1);
            }
        }
        long recorded = insertMeasurements(connection, source, by, batchId);
        announce(connection, key, batchId, source, by);
        try (PreparedStatement counts = connection.prepareStatement(
                "update measurement_batch set recorded = ?, already = ? where id = ?")) {
            counts.setLong(1, recorded);
            counts.setLong(2, rows - recorded);
            counts.setLong(3, batchId);
            counts.executeUpdate();
        }
        return new BatchReport(key, rows, recorded, rows - recorded, false);
    }

    /**
     * Copies the staged rows not recorded before into the measurements. A plain insert costs what COPY costs; with
     * ON CONFLICT it costs a fifth more, so that guard is taken only when another call recorded one of the row keys
     * since the check (a unique violation, undone to the savepoint).
     */
    private static long insertMeasurements(Connection connection, MeasurementSource source, String by, long batchId)
            throws SQLException, BatchRejectedException {
        // statement_timestamp(): the batch is recorded when its rows land, not when its upload began.
        String insert = """
                insert into measurement (kpi_id, value, observed_at, recorded_at, source, recorded_by, idempotency_key,
                                         batch_id)
                select s.kpi_id, s.value, s.observed_at, statement_timestamp(), ?, ?, s.row_key, ?
                from measurement_staging s
                where not exists (select 1 from staging_known k where k.row_number = s.row_number)""";
        // In SQL, not through JDBC: the pool refuses a JDBC rollback, even to a savepoint, inside a JTA transaction.
        execute(connection, "savepoint before_insert");
        try {
            return insert(connection, insert, source, by, batchId);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            execute(connection, "rollback to savepoint before_insert");
            long recorded = insert(connection, insert + " on conflict (idempotency_key) where idempotency_key is not null"
                    + " do nothing", source, by, batchId);
            // The racing call's rows are committed now: a key it used for another value is still this batch's problem.
            Problems problems = new Problems();
            problems.addAll(connection, """
                    select s.row_number, 'The key ' || left(s.row_key, 40) || ' was already used for a different measurement.'
                    from measurement_staging s join measurement m on m.idempotency_key = s.row_key
                    where m.batch_id is distinct from %d
                      and (m.kpi_id <> s.kpi_id or m.value <> s.value or m.observed_at <> s.observed_at)""".formatted(batchId));
            if (problems.total > 0) {
                throw new BatchRejectedException(problems.sorted(), problems.total);
            }
            return recorded;
        }
    }

    /**
     * One event per KPI the batch recorded values of, in the outbox, in the batch's transaction: the days it covers
     * and how many values it brought (a row recorded meanwhile by a racing call under the same row key is counted
     * here too; it was recorded either way). One per KPI, not per row: a year of daily values is one change to follow.
     */
    private static void announce(Connection connection, String key, long batchId, MeasurementSource source, String by)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into outbox (aggregatetype, aggregateid, type, payload)
                select 'Kpi', s.kpi_id::text, 'MeasurementsRecorded',
                       jsonb_build_object('kpiId', s.kpi_id::text, 'batchId', ?::text, 'batchKey', ?::text,
                                          'values', count(*), 'firstDay', min(s.observed_at),
                                          'lastDay', max(s.observed_at), 'source', ?::text, 'recordedBy', ?::text)
                from measurement_staging s
                where not exists (select 1 from staging_known k where k.row_number = s.row_number)
                group by s.kpi_id
                order by s.kpi_id""")) {
            insert.setLong(1, batchId);
            insert.setString(2, key);
            insert.setString(3, source.name());
            insert.setString(4, by);
            insert.executeUpdate();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long insert(Connection connection, String sql, MeasurementSource source, String by, long batchId)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, source.name());
            insert.setString(2, by);
            insert.setLong(3, batchId);
            return insert.executeUpdate();
        }
    }

    private static String batchKey(String key) throws BadInputException {
        if (key == null || key.isBlank() || key.strip().length() > BATCH_KEY_LENGTH) {
            throw new BadInputException("Idempotency-Key", "send a batch key of 1 to " + BATCH_KEY_LENGTH
                    + " characters in this header, so that a retried batch is not counted twice");
        }
        return key.strip();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Problems found, in the order found; the first {@link #MAX_PROBLEMS} are kept, all are counted. */
    private static final class Problems {
        private final List<RowProblem> kept = new ArrayList<>();
        private long total;

        void add(RowProblem problem) {
            total++;
            if (kept.size() < MAX_PROBLEMS) {
                kept.add(problem);
            }
        }

        void addAll(Connection connection, String sql) throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet found = statement.executeQuery(sql + " order by 1 limit " + (MAX_PROBLEMS + 1))) {
                while (found.next()) {
                    add(new RowProblem(found.getLong(1), found.getString(2)));
                }
            }
        }

        List<RowProblem> sorted() {
            return kept.stream().sorted(java.util.Comparator.comparingLong(RowProblem::row)).toList();
        }
    }

    /** Writes rows into a COPY in PostgreSQL's text format, a buffer at a time. */
    private static final class CopyWriter implements AutoCloseable {
        private final CopyIn copy;
        private final byte[] buffer = new byte[COPY_BUFFER];
        private int used;
        private boolean ended;

        CopyWriter(CopyIn copy) {
            this.copy = copy;
        }

        void write(BatchRow row) {
            String line = row.number() + "\t" + row.kpiId() + "\t" + row.observedAt() + "\t" + row.value().toPlainString()
                    + "\t" + (row.key() == null ? "\\N" : escape(row.key())) + "\n";
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            try {
                if (used + bytes.length > buffer.length) {
                    flush();
                }
                if (bytes.length > buffer.length) {
                    copy.writeToCopy(bytes, 0, bytes.length);
                } else {
                    System.arraycopy(bytes, 0, buffer, used, bytes.length);
                    used += bytes.length;
                }
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("COPY into staging failed: " + e.getMessage(), e));
            }
        }

        private void flush() throws SQLException {
            if (used > 0) {
                copy.writeToCopy(buffer, 0, used);
                used = 0;
            }
        }

        @Override
        public void close() throws IOException {
            if (ended) {
                return;
            }
            ended = true;
            try {
                flush();
                copy.endCopy();
            } catch (SQLException e) {
                throw new IOException("COPY into staging failed: " + e.getMessage(), e);
            } finally {
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException ignored) {
                        // the transaction rolls back anyway
                    }
                }
            }
        }

        /** PostgreSQL's text format: backslash, tab, newline and carriage return escaped. */
        private static String escape(String text) {
            return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
        }
    }

    /** Carries a checked exception out of Hibernate's work callback. */
    static final class Wrapped extends RuntimeException {
        Wrapped(Exception cause) {
            super(cause);
        }
    }
}
