package org.throughline.kpi.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connectors and their runs in the service's database, in plain SQL on the caller's transaction: the rows are read
 * whole into API types, and runs update the watermark without touching the definition's version.
 */
@ApplicationScoped
public class ConnectorRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_COLUMNS = "r.id, r.connector_id, r.trigger, r.outcome, r.window_from, r.window_to, "
            + "r.started_at, r.duration_ms, r.rows_read, r.recorded, r.corrected, r.unchanged, r.rejected, "
            + "r.problems::text, r.error_code, r.error, b.batch_key, r.run_by";

    @Inject
    EntityManager entityManager;

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T jdbc(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    public Optional<Connector> find(long id) {
        List<Connector> found = select("where c.id = " + id);
        return found.stream().findFirst();
    }

    public Optional<Connector> findByName(String name) {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select id from connector where name = ?")) {
                select.setString(1, name);
                try (ResultSet found = select.executeQuery()) {
                    return found.next() ? Optional.of(found.getLong(1)) : Optional.<Long>empty();
                }
            }
        }).flatMap(this::find);
    }

    public List<Connector> all() {
        return select("");
    }

    /** The connectors whose scheduled run is due, soonest first. */
    public List<Long> due() {
        return jdbc(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select id from connector where enabled and next_run_at <= now() order by next_run_at, id");
                 ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    ids.add(found.getLong(1));
                }
            }
            return ids;
        });
    }

    /** Whether the connector's scheduled run is due, read again under its lock: another replica may have just run it. */
    public boolean isDue(long id) {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select enabled and next_run_at <= now() from connector where id = ?")) {
                select.setLong(1, id);
                try (ResultSet found = select.executeQuery()) {
                    return found.next() && found.getBoolean(1);
                }
            }
        });
    }

    /** Takes the connector's lock for the caller's transaction, unless another transaction (any replica's) holds it. */
    public boolean tryLock(long id) {
        return jdbc(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "select pg_try_advisory_xact_lock(hashtextextended('connector:' || ?, 0))")) {
                lock.setLong(1, id);
                try (ResultSet locked = lock.executeQuery()) {
                    locked.next();
                    return locked.getBoolean(1);
                }
            }
        });
    }

    /** A run's end: the watermark moves forward to the window's last day; a scheduled run sets the next one. */
    public void advance(long id, LocalDate watermark, boolean scheduled) {
        jdbc(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update connector set watermark = case when cast(? as date) is null then watermark
                                                          else greatest(watermark, cast(? as date)) end,
                                         next_run_at = case when ? then now() + every_minutes * interval '1 minute'
                                                            else next_run_at end
                    where id = ?""")) {
                update.setObject(1, watermark, Types.DATE);
                update.setObject(2, watermark, Types.DATE);
                update.setBoolean(3, scheduled);
                update.setLong(4, id);
                return update.executeUpdate();
            }
        });
    }

    /** Switches the schedule on or off; true when the connector exists. */
    public boolean setEnabled(long id, boolean enabled) {
        return jdbc(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update connector set enabled = ?, version = version + 1 where id = ?")) {
                update.setBoolean(1, enabled);
                update.setLong(2, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    public long insert(Connector c) {
        return jdbc(connection -> {
            long id;
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into connector (name, kind, kpi_id, every_minutes, start_day, lookback_days, row_cap,
                                           timeout_seconds, credential, username, auth, jdbc_url, query, url,
                                           items_pointer, day_pointer, value_pointer, kpi_key_pointer, next_pointer,
                                           created_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")) {
                int i = 0;
                insert.setString(++i, c.name);
                insert.setString(++i, c.kind.name());
                insert.setObject(++i, c.kpiId == null ? null : Long.valueOf(c.kpiId), Types.BIGINT);
                insert.setInt(++i, c.everyMinutes);
                insert.setObject(++i, c.startDay);
                insert.setInt(++i, c.lookbackDays);
                insert.setInt(++i, c.rowCap);
                insert.setInt(++i, c.timeoutSeconds);
                insert.setString(++i, c.credential);
                insert.setString(++i, c.username);
                insert.setString(++i, c.auth.name());
                insert.setString(++i, c.jdbcUrl);
                insert.setString(++i, c.query);
                insert.setString(++i, c.url);
                insert.setString(++i, c.itemsPointer);
                insert.setString(++i, c.dayPointer);
                insert.setString(++i, c.valuePointer);
                insert.setString(++i, c.kpiKeyPointer);
                insert.setString(++i, c.nextPointer);
                insert.setString(++i, c.createdBy);
                try (ResultSet key = insert.executeQuery()) {
                    key.next();
                    id = key.getLong(1);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into connector_kpi (connector_id, kpi_key, kpi_id) values (?, ?, ?)")) {
                for (ConnectorKpiKey key : c.kpiKeys) {
                    insert.setLong(1, id);
                    insert.setString(2, key.key);
                    insert.setLong(3, Long.parseLong(key.kpiId));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return id;
        });
    }

    /** Keeps a run; returns its id. */
    public long insertRun(ConnectorRun run, Long batchId) {
        return jdbc(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into connector_run (connector_id, trigger, outcome, window_from, window_to, started_at,
                                               duration_ms, rows_read, recorded, corrected, unchanged, rejected,
                                               problems, error_code, error, batch_id, run_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?) returning id""")) {
                int i = 0;
                insert.setLong(++i, Long.parseLong(run.connectorId));
                insert.setString(++i, run.trigger.name());
                insert.setString(++i, run.outcome.name());
                insert.setObject(++i, run.windowFrom);
                insert.setObject(++i, run.windowTo);
                insert.setObject(++i, run.startedAt);
                insert.setLong(++i, run.durationMs);
                insert.setLong(++i, run.rowsRead);
                insert.setLong(++i, run.recorded);
                insert.setLong(++i, run.corrected);
                insert.setLong(++i, run.unchanged);
                insert.setLong(++i, run.rejected);
                insert.setString(++i, JSON.writeValueAsString(run.problems));
                insert.setString(++i, run.errorCode);
                insert.setString(++i, run.error);
                insert.setObject(++i, batchId, Types.BIGINT);
                insert.setString(++i, run.runBy);
                try (ResultSet key = insert.executeQuery()) {
                    key.next();
                    return key.getLong(1);
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The id of the measurement batch recorded under the key. */
    public Long batchId(String batchKey) {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select id from measurement_batch where batch_key = ?")) {
                select.setString(1, batchKey);
                try (ResultSet found = select.executeQuery()) {
                    return found.next() ? found.getLong(1) : null;
                }
            }
        });
    }

    /** A connector's kept runs, latest first. */
    public List<ConnectorRun> runs(long connectorId, int limit) {
        return jdbc(connection -> {
            List<ConnectorRun> runs = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select " + RUN_COLUMNS
                    + " from connector_run r left join measurement_batch b on b.id = r.batch_id"
                    + " where r.connector_id = ? order by r.id desc limit ?")) {
                select.setLong(1, connectorId);
                select.setInt(2, limit);
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        runs.add(run(found, 1));
                    }
                }
            }
            return runs;
        });
    }

    /**
     * The connectors that feed each of the KPIs (by kpiId or a key), with their latest run and, for a failing one, the
     * start of the runs failing since its last success: one query for all the KPIs of a GraphQL answer.
     */
    public List<KpiFeed> feedsOf(List<Long> kpiIds) {
        return jdbc(connection -> {
            List<KpiFeed> feeds = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    with fed as (select id as connector_id, kpi_id from connector where kpi_id = any (?)
                                 union
                                 select connector_id, kpi_id from connector_kpi where kpi_id = any (?))
                    select f.kpi_id, c.id, c.name, c.kind, c.enabled, c.next_run_at, r.outcome, r.started_at,
                           r.error_code, r.error, s.id, s.started_at,
                           (select min(x.started_at) from connector_run x
                            where x.connector_id = c.id and x.outcome <> 'SUCCEEDED' and x.id > coalesce(s.id, 0))
                    from fed f
                    join connector c on c.id = f.connector_id
                    left join lateral (select * from connector_run r where r.connector_id = c.id
                                       order by r.id desc limit 1) r on true
                    left join lateral (select id, started_at from connector_run s
                                       where s.connector_id = c.id and s.outcome = 'SUCCEEDED'
                                       order by s.id desc limit 1) s on true
                    order by f.kpi_id, c.id""")) {
                Object[] ids = kpiIds.toArray();
                select.setArray(1, connection.createArrayOf("bigint", ids));
                select.setArray(2, connection.createArrayOf("bigint", ids));
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        KpiFeed feed = new KpiFeed();
                        int i = 0;
                        feed.kpiId = found.getLong(++i);
                        feed.connectorId = Long.toString(found.getLong(++i));
                        feed.name = found.getString(++i);
                        feed.kind = ConnectorKind.valueOf(found.getString(++i));
                        feed.enabled = found.getBoolean(++i);
                        feed.nextRunAt = found.getObject(++i, OffsetDateTime.class);
                        String outcome = found.getString(++i);
                        feed.lastRunAt = found.getObject(++i, OffsetDateTime.class);
                        String errorCode = found.getString(++i);
                        String error = found.getString(++i);
                        found.getLong(++i);
                        feed.lastSucceededAt = found.getObject(++i, OffsetDateTime.class);
                        OffsetDateTime failingSince = found.getObject(++i, OffsetDateTime.class);
                        feed.health = outcome == null ? ConnectorHealth.NEVER_RUN
                                : RunOutcome.SUCCEEDED.name().equals(outcome) ? ConnectorHealth.HEALTHY
                                : ConnectorHealth.FAILING;
                        if (feed.health == ConnectorHealth.FAILING) {
                            feed.failingSince = failingSince;
                            feed.lastErrorCode = errorCode;
                            feed.lastError = error;
                        }
                        feeds.add(feed);
                    }
                }
            }
            return feeds;
        });
    }

    private List<Connector> select(String where) {
        return jdbc(connection -> {
            Map<Long, Connector> connectors = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select c.id, c.name, c.kind, c.kpi_id, c.every_minutes, c.start_day, c.lookback_days, c.row_cap,
                           c.timeout_seconds, c.credential, c.username, c.auth, c.jdbc_url, c.query, c.url,
                           c.items_pointer, c.day_pointer, c.value_pointer, c.kpi_key_pointer, c.next_pointer,
                           c.enabled, c.watermark, c.next_run_at, c.created_by, c.version, %s
                    from connector c
                    left join lateral (select * from connector_run r where r.connector_id = c.id
                                       order by r.id desc limit 1) r on true
                    left join measurement_batch b on b.id = r.batch_id
                    %s order by c.id""".formatted(RUN_COLUMNS, where));
                 ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    Connector c = new Connector();
                    int i = 0;
                    c.id = Long.toString(found.getLong(++i));
                    c.name = found.getString(++i);
                    c.kind = ConnectorKind.valueOf(found.getString(++i));
                    long kpi = found.getLong(++i);
                    c.kpiId = found.wasNull() ? null : Long.toString(kpi);
                    c.everyMinutes = found.getInt(++i);
                    c.startDay = found.getObject(++i, LocalDate.class);
                    c.lookbackDays = found.getInt(++i);
                    c.rowCap = found.getInt(++i);
                    c.timeoutSeconds = found.getInt(++i);
                    c.credential = found.getString(++i);
                    c.username = found.getString(++i);
                    c.auth = ConnectorAuth.valueOf(found.getString(++i));
                    c.jdbcUrl = found.getString(++i);
                    c.query = found.getString(++i);
                    c.url = found.getString(++i);
                    c.itemsPointer = found.getString(++i);
                    c.dayPointer = found.getString(++i);
                    c.valuePointer = found.getString(++i);
                    c.kpiKeyPointer = found.getString(++i);
                    c.nextPointer = found.getString(++i);
                    c.enabled = found.getBoolean(++i);
                    c.watermark = found.getObject(++i, LocalDate.class);
                    c.nextRunAt = found.getObject(++i, OffsetDateTime.class);
                    c.createdBy = found.getString(++i);
                    c.version = found.getInt(++i);
                    found.getLong(i + 1);
                    if (!found.wasNull()) {
                        c.lastRun = run(found, i + 1);
                        c.health = c.lastRun.outcome == RunOutcome.SUCCEEDED ? ConnectorHealth.HEALTHY
                                : ConnectorHealth.FAILING;
                    }
                    c.kpiKeys = new ArrayList<>();
                    connectors.put(found.getLong(1), c);
                }
            }
            if (!connectors.isEmpty()) {
                try (PreparedStatement select = connection.prepareStatement(
                        "select connector_id, kpi_key, kpi_id from connector_kpi where connector_id = any (?) "
                                + "order by connector_id, kpi_key")) {
                    select.setArray(1, connection.createArrayOf("bigint", connectors.keySet().toArray()));
                    try (ResultSet found = select.executeQuery()) {
                        while (found.next()) {
                            connectors.get(found.getLong(1)).kpiKeys.add(
                                    new ConnectorKpiKey(found.getString(2), Long.toString(found.getLong(3))));
                        }
                    }
                }
            }
            return new ArrayList<>(connectors.values());
        });
    }

    private static ConnectorRun run(ResultSet found, int first) throws SQLException {
        ConnectorRun run = new ConnectorRun();
        int i = first - 1;
        run.id = Long.toString(found.getLong(++i));
        run.connectorId = Long.toString(found.getLong(++i));
        run.trigger = RunTrigger.valueOf(found.getString(++i));
        run.outcome = RunOutcome.valueOf(found.getString(++i));
        run.dryRun = false;
        run.windowFrom = found.getObject(++i, LocalDate.class);
        run.windowTo = found.getObject(++i, LocalDate.class);
        run.startedAt = found.getObject(++i, OffsetDateTime.class);
        run.durationMs = (int) found.getLong(++i);
        run.rowsRead = (int) found.getLong(++i);
        run.recorded = (int) found.getLong(++i);
        run.corrected = (int) found.getLong(++i);
        run.unchanged = (int) found.getLong(++i);
        run.rejected = (int) found.getLong(++i);
        try {
            run.problems = List.of(JSON.readValue(found.getString(++i), ConnectorProblem[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        run.errorCode = found.getString(++i);
        run.error = found.getString(++i);
        run.batchKey = found.getString(++i);
        run.runBy = found.getString(++i);
        return run;
    }
}
