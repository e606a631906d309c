package org.throughline.kpi.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.throughline.kpi.MeasurementSource;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.Inputs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

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
    /** The values a dry run lists. */
    public static final int MAX_PREVIEW = 1000;
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
        createStaging(connection);
        Problems problems = new Problems(format);
        long rows;
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy measurement_staging (row_number, kpi_id, observed_at, value, row_key) from stdin");
        try (CopyWriter writer = new CopyWriter(copy, null)) {
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
        return record(connection, key, checksum, rows, source, by, null);
    }

    private static void createStaging(Connection connection) throws SQLException {
        // restates: the measurement a connector's row corrects (a source restating a day), null for a new day.
        execute(connection, "create temporary table measurement_staging (row_number bigint not null, "
                + "kpi_id bigint not null, observed_at date not null, value numeric not null, row_key text, "
                + "restates bigint) on commit drop");
    }

    /** Rows a connector pulls from its source, handed over one at a time as they stream in. */
    @FunctionalInterface
    public interface PulledRows {
        /** Hands each row read to {@code rows}, each row that cannot be used to {@code problems}; returns how many were read. */
        long read(Consumer<BatchRow> rows, Consumer<RowProblem> problems) throws IOException;
    }

    /** What happens to one pulled value: recorded as a new day, recorded as a correction of the day, or nothing. */
    public enum PulledAction { NEW, CORRECTION, UNCHANGED }

    /** One pulled value and what recording it does; a dry run lists them. */
    public record PulledValue(long kpiId, LocalDate day, BigDecimal value, PulledAction action) {
    }

    /**
     * A connector's window as recorded (or, in a dry run, as it would be): the batch's report, of its recorded values
     * how many correct a day, how many were unchanged, and in a dry run the values themselves (the first
     * {@link #MAX_PREVIEW}).
     */
    public record PulledBatch(BatchReport report, long corrected, long unchanged, List<PulledValue> preview) {
    }

    /**
     * Records what a connector pulled for a window through the same staging, checks and insert as an uploaded batch,
     * all or nothing, in the caller's transaction (which holds the connector's lock). A source restates: a day whose
     * recorded value is the same is unchanged and not recorded again; a day with another value is recorded as a
     * correction of it, for the reason given. The batch key is the window's key with the rows' checksum, so the same
     * window pulled again with the same values is answered by the earlier report, and restated values make a batch of
     * their own. A source gives one value per KPI and day; a second is a problem. A dry run checks everything and
     * lists what would be recorded; the caller rolls its transaction back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public PulledBatch ingestPulled(String windowKey, PulledRows pulled, String by, String restatedBecause,
                                    boolean dryRun) throws BatchRejectedException, IOException {
        try {
            return entityManager.unwrap(Session.class).doReturningWork(connection -> {
                try {
                    return ingestPulled(connection, windowKey, pulled, by, restatedBecause, dryRun);
                } catch (BatchRejectedException | BatchKeyReusedException | IOException e) {
                    throw new Wrapped(e);
                }
            });
        } catch (Wrapped wrapped) {
            if (wrapped.getCause() instanceof BatchRejectedException rejected) {
                throw rejected;
            }
            if (wrapped.getCause() instanceof IOException failed) {
                throw failed;
            }
            // The key carries the checksum: an earlier batch under it always has the same content.
            throw new IllegalStateException(wrapped.getCause());
        }
    }

    private static PulledBatch ingestPulled(Connection connection, String windowKey, PulledRows pulled, String by,
                                            String restatedBecause, boolean dryRun)
            throws SQLException, BatchRejectedException, BatchKeyReusedException, IOException {
        createStaging(connection);
        MessageDigest sha = sha256();
        // What a connector pulled is no file: its problems name fields as the API does.
        Problems problems = new Problems(BatchFormat.JSON_LINES);
        long rows;
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy measurement_staging (row_number, kpi_id, observed_at, value, row_key) from stdin");
        try (CopyWriter writer = new CopyWriter(copy, sha)) {
            rows = pulled.read(writer::write, problems::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        String checksum = HexFormat.of().formatHex(sha.digest());
        String key = windowKey + ":" + checksum.substring(0, 16);
        BatchReport earlier = earlierBatch(connection, key, checksum);
        if (earlier != null) {
            return new PulledBatch(new BatchReport(key, rows, 0, rows, true), 0, rows, List.of());
        }
        check(connection, problems);
        problems.addCells(connection, """
                select row_number, 'observedAt', 'bad-input',
                       'KPI ' || kpi_id || ' has a value for ' || observed_at || ' in row ' || first || ' already.'
                from (select row_number, kpi_id, observed_at,
                             min(row_number) over (partition by kpi_id, observed_at) as first
                      from measurement_staging) days
                where row_number <> first""");
        if (problems.total > 0) {
            throw new BatchRejectedException(problems.sorted(), problems.total);
        }
        restate(connection);
        long unchanged = count(connection, "select count(*) from staging_known");
        long corrected = count(connection, "select count(*) from measurement_staging where restates is not null");
        if (dryRun) {
            return new PulledBatch(new BatchReport(key, rows, rows - unchanged, unchanged, false), corrected, unchanged,
                    preview(connection));
        }
        BatchReport report = record(connection, key, checksum, rows, MeasurementSource.CONNECTOR, by, restatedBecause);
        return new PulledBatch(report, corrected, unchanged, List.of());
    }

    /**
     * Compares each staged value with its day's value as recorded (the latest recording): the same is unchanged (into
     * staging_known, which recording skips), another is a correction of that recording (restates).
     */
    private static void restate(Connection connection) throws SQLException {
        String effective = """
                (select m.%s from measurement m where m.kpi_id = s.kpi_id and m.observed_at = s.observed_at
                 order by m.recorded_at desc, m.id desc limit 1)""";
        execute(connection, "insert into staging_known (row_number, same) select s.row_number, true "
                + "from measurement_staging s where " + effective.formatted("value") + " = s.value");
        execute(connection, "update measurement_staging s set restates = " + effective.formatted("id")
                + " where not exists (select 1 from staging_known k where k.row_number = s.row_number)");
    }

    private static List<PulledValue> preview(Connection connection) throws SQLException {
        List<PulledValue> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("""
                     select s.kpi_id, s.observed_at, s.value,
                            case when k.row_number is not null then 'UNCHANGED'
                                 when s.restates is not null then 'CORRECTION' else 'NEW' end
                     from measurement_staging s left join staging_known k using (row_number)
                     order by s.observed_at, s.kpi_id limit %d""".formatted(MAX_PREVIEW))) {
            while (found.next()) {
                values.add(new PulledValue(found.getLong(1), found.getObject(2, LocalDate.class),
                        found.getBigDecimal(3), PulledAction.valueOf(found.getString(4))));
            }
        }
        return values;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet found = statement.executeQuery(sql)) {
            found.next();
            return found.getLong(1);
        }
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
        stageTodays(connection);
        problems.addCells(connection, """
                select s.row_number,
                       case when k.id is null then 'kpiId' when s.observed_at > t.today or s.observed_at < date '%1$s'
                            then 'observedAt' else 'value' end,
                       case when k.id is null then 'kpi-not-found' when s.observed_at > t.today then 'observed-in-future'
                            when s.observed_at < date '%1$s' then 'bad-input' else 'value-out-of-range' end,
                       case when k.id is null then 'No KPI has the id ' || s.kpi_id || '.'
                            when s.observed_at > t.today then 'The business day ' || s.observed_at
                                 || ' has not begun yet in ' || k.time_zone || ', the KPI''s time zone, where it is '
                                 || t.today || '; a value can only be observed for a day that has begun.'
                            when s.observed_at < date '%1$s' then 'The business day ' || s.observed_at
                                 || ' lies before %1$s.'
                            else s.value || ' lies outside the valid range [' || coalesce(k.valid_min::text, '−∞')
                                 || ', ' || coalesce(k.valid_max::text, '∞') || '] of KPI ' || k.id || '.' end
                from measurement_staging s left join kpi k on k.id = s.kpi_id
                     left join staging_today t on t.time_zone = k.time_zone
                where k.id is null or s.observed_at > t.today or s.observed_at < date '%1$s'
                   or s.value < k.valid_min or s.value > k.valid_max""".formatted(Inputs.EARLIEST_DATE));
        problems.addCells(connection, """
                select row_number, 'key', 'idempotency-key-reused',
                       'The key ' || left(row_key, 40) || ' is used by row ' || first || ' already.'
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
        problems.addCells(connection, """
                select k.row_number, 'key', 'idempotency-key-reused',
                       'The key ' || left(s.row_key, 40) || ' was already used for a different measurement.'
                from staging_known k join measurement_staging s using (row_number) where not k.same""");
    }

    private static BatchReport record(Connection connection, String key, String checksum, long rows,
                                      MeasurementSource source, String by, String restatedBecause)
            throws SQLException, BatchRejectedException {
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
        long recorded = insertMeasurements(connection, source, by, batchId, restatedBecause);
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
    private static long insertMeasurements(Connection connection, MeasurementSource source, String by, long batchId,
                                           String restatedBecause) throws SQLException, BatchRejectedException {
        // statement_timestamp(): the batch is recorded when its rows land, not when its upload began.
        String insert = """
                insert into measurement (kpi_id, value, observed_at, recorded_at, source, recorded_by, idempotency_key,
                                         batch_id, correction_of, reason)
                select s.kpi_id, s.value, s.observed_at, statement_timestamp(), ?, ?, s.row_key, ?, s.restates,
                       case when s.restates is not null then ?::text end
                from measurement_staging s
                where not exists (select 1 from staging_known k where k.row_number = s.row_number)""";
        // In SQL, not through JDBC: the pool refuses a JDBC rollback, even to a savepoint, inside a JTA transaction.
        execute(connection, "savepoint before_insert");
        try {
            return insert(connection, insert, source, by, batchId, restatedBecause);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            execute(connection, "rollback to savepoint before_insert");
            long recorded = insert(connection, insert + " on conflict (idempotency_key) where idempotency_key is not null"
                    + " do nothing", source, by, batchId, restatedBecause);
            // The racing call's rows are committed now: a key it used for another value is still this batch's problem.
            // Row keys are named key in either format.
            Problems problems = new Problems(BatchFormat.JSON_LINES);
            problems.addCells(connection, """
                    select s.row_number, 'key', 'idempotency-key-reused',
                           'The key ' || left(s.row_key, 40) || ' was already used for a different measurement.'
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

    private static long insert(Connection connection, String sql, MeasurementSource source, String by, long batchId,
                               String restatedBecause) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, source.name());
            insert.setString(2, by);
            insert.setLong(3, batchId);
            insert.setString(4, restatedBecause);
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

    /**
     * Today in each zone the staged rows' KPIs count their days in (into staging_today), from the service's clock and
     * the JVM's time-zone rules, as a single recording is checked.
     */
    private static void stageTodays(Connection connection) throws SQLException {
        execute(connection, "create temporary table staging_today (time_zone text primary key, today date not null) "
                + "on commit drop");
        List<String> zones = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("select distinct k.time_zone from measurement_staging s "
                     + "join kpi k on k.id = s.kpi_id")) {
            while (found.next()) {
                zones.add(found.getString(1));
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into staging_today values (?, ?)")) {
            for (String zone : zones) {
                insert.setString(1, zone);
                insert.setObject(2, LocalDate.now(ZoneId.of(zone)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Problems found, in the order found; the first {@link #MAX_PROBLEMS} are kept, all are counted. */
    private static final class Problems {
        private final List<RowProblem> kept = new ArrayList<>();
        private final BatchFormat format;
        private long total;

        Problems(BatchFormat format) {
            this.format = format;
        }

        void add(RowProblem problem) {
            total++;
            if (kept.size() < MAX_PROBLEMS) {
                kept.add(problem);
            }
        }

        /** Problems with one cell each: the query answers row, field (as the API names it), code and message. */
        void addCells(Connection connection, String sql) throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet found = statement.executeQuery(sql + " order by 1 limit " + (MAX_PROBLEMS + 1))) {
                while (found.next()) {
                    add(new RowProblem(found.getLong(1), format.column(found.getString(2)), found.getString(3),
                            found.getString(4)));
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
        private final MessageDigest digest;
        private final byte[] buffer = new byte[COPY_BUFFER];
        private int used;
        private boolean ended;

        /** {@code digest}, when given, takes every row as written: the checksum of rows that come from no body. */
        CopyWriter(CopyIn copy, MessageDigest digest) {
            this.copy = copy;
            this.digest = digest;
        }

        void write(BatchRow row) {
            String line = row.number() + "\t" + row.kpiId() + "\t" + row.observedAt() + "\t" + row.value().toPlainString()
                    + "\t" + (row.key() == null ? "\\N" : escape(row.key())) + "\n";
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            if (digest != null) {
                digest.update(bytes);
            }
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
