package org.throughline.kpi.connector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.throughline.kpi.connector.source.Credentials;
import org.throughline.kpi.connector.source.HttpSource;
import org.throughline.kpi.connector.source.SourceException;
import org.throughline.kpi.connector.source.SourceReader;
import org.throughline.kpi.connector.source.SqlSource;
import org.throughline.kpi.ingest.BatchIngestion;
import org.throughline.kpi.ingest.BatchIngestion.PulledBatch;
import org.throughline.kpi.ingest.BatchRejectedException;
import org.throughline.kpi.ingest.BatchRow;
import org.throughline.kpi.ingest.RowProblem;
import org.throughline.kpi.service.KpiRules;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.events.Outbox;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a connector over a window of business days in one transaction that holds the connector's PostgreSQL advisory
 * lock, so that no two replicas run one connector at once: reads the source, records through bulk ingestion's path
 * (all or nothing, idempotent by connector, window and values, restated days as corrections), moves the watermark and
 * keeps the run. A run that fails or is refused is rolled back and then kept with why, in a transaction of its own.
 * A dry run goes the same way and is rolled back at the end, kept nowhere.
 */
@ApplicationScoped
public class ConnectorRunner {

    /** Problems a kept run lists; all are counted. */
    static final int MAX_PROBLEMS_KEPT = 100;
    /** A backfill's longest window: ten years of days. */
    static final int MAX_BACKFILL_DAYS = 3660;
    public static final String SCHEDULE = "schedule";

    @Inject
    ConnectorRepository repository;

    @Inject
    BatchIngestion ingestion;

    @Inject
    Credentials credentials;

    @Inject
    Outbox outbox;

    /** Runs the connector now from its watermark, as someone asked. */
    public ConnectorRun runNow(String id, boolean dryRun, String by) throws RejectedInputException {
        Connector connector = connector("id", id);
        return run(connector, RunTrigger.MANUAL, null, null, dryRun, by)
                .orElseThrow(() -> busy(connector));
    }

    /** Pulls a date range again in one run: history from before the connector, or days a source restated. */
    public ConnectorRun backfill(String id, LocalDate from, LocalDate to, boolean dryRun, String by)
            throws RejectedInputException {
        Connector connector = connector("id", id);
        Inputs.requiredDate("from", from);
        Inputs.requiredDate("to", to);
        if (to.isBefore(from)) {
            throw new BadInputException("to", "comes before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_BACKFILL_DAYS) {
            throw new BadInputException("to", "a backfill covers at most " + MAX_BACKFILL_DAYS + " days");
        }
        // Today nowhere on earth yet; a day that has begun elsewhere but not in a KPI's own zone is refused for
        // that KPI's values, row by row, as in any batch.
        if (to.isAfter(LocalDate.now(ZoneOffset.MAX))) {
            throw new BadInputException("to", "lies in the future");
        }
        return run(connector, RunTrigger.BACKFILL, from, to, dryRun, by).orElseThrow(() -> busy(connector));
    }

    /** A scheduled run: empty when another replica runs the connector right now, or has just run it. */
    public Optional<ConnectorRun> runScheduled(long id) {
        Optional<Connector> connector = QuarkusTransaction.requiringNew().call(() -> repository.find(id));
        return connector.flatMap(c -> run(c, RunTrigger.SCHEDULE, null, null, false, SCHEDULE));
    }

    private Connector connector(String field, String id) throws RejectedInputException {
        long key = Inputs.id(field, id);
        return QuarkusTransaction.requiringNew().call(() -> repository.find(key))
                .orElseThrow(() -> new ConnectorNotFoundException(field, "No connector has the id " + key + "."));
    }

    private static ConnectorBusyException busy(Connector connector) {
        return new ConnectorBusyException("id", "Connector " + connector.id + " is running right now (here or on "
                + "another replica); ask again when it is done.");
    }

    private Optional<ConnectorRun> run(Connector connector, RunTrigger trigger, LocalDate from, LocalDate to,
                                       boolean dryRun, String by) {
        ConnectorRun run = new ConnectorRun();
        run.connectorId = connector.id;
        run.trigger = trigger;
        run.dryRun = dryRun;
        run.startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        run.runBy = by;
        run.rowsRead = run.recorded = run.corrected = run.unchanged = run.rejected = 0;
        run.durationMs = 0;
        long started = System.nanoTime();
        try {
            return QuarkusTransaction.requiringNew().timeout(connector.timeoutSeconds * 4 + 120)
                    .call(() -> runLocked(Long.parseLong(connector.id), run, trigger, from, to, started));
        } catch (RuntimeException e) {
            Throwable cause = e instanceof QuarkusTransactionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Skipped) {
                return Optional.empty();
            }
            if (cause instanceof DryRunDone) {
                return Optional.of(run);
            }
            if (cause instanceof Stopped) {
                if (!dryRun) {
                    QuarkusTransaction.requiringNew().run(() -> {
                        Connector before = repository.find(Long.parseLong(run.connectorId)).orElseThrow();
                        run.id = Long.toString(repository.insertRun(run, null));
                        repository.advance(Long.parseLong(run.connectorId), null, trigger == RunTrigger.SCHEDULE);
                        announce(before, run);
                    });
                }
                return Optional.of(run);
            }
            throw e;
        }
    }

    private Optional<ConnectorRun> runLocked(long id, ConnectorRun run, RunTrigger trigger, LocalDate from,
                                             LocalDate to, long started) {
        if (!repository.tryLock(id) || (trigger == RunTrigger.SCHEDULE && !repository.isDue(id))) {
            throw new Skipped();
        }
        // Read again under the lock: a run that just ended elsewhere moved the watermark.
        Connector connector = repository.find(id).orElseThrow();
        if (trigger == RunTrigger.BACKFILL) {
            run.windowFrom = from;
            run.windowTo = to;
        } else {
            LocalDate pulledFrom = connector.watermark == null ? connector.startDay
                    : connector.watermark.minusDays(connector.lookbackDays);
            run.windowFrom = pulledFrom.isBefore(connector.startDay) ? connector.startDay : pulledFrom;
            run.windowTo = today();
        }
        AtomicLong read = new AtomicLong();
        try {
            SourceReader source = source(connector);
            Map<String, Long> kpiOfKey = new HashMap<>();
            connector.kpiKeys.forEach(key -> kpiOfKey.put(key.key, Long.valueOf(key.kpiId)));
            Long onlyKpi = connector.kpiId == null ? null : Long.valueOf(connector.kpiId);
            PulledBatch batch = ingestion.ingestPulled("connector:" + id + ":" + run.windowFrom + ".." + run.windowTo,
                    (rows, problems) -> {
                        long count = source.read(run.windowFrom, run.windowTo, row -> {
                            Long kpi = onlyKpi != null ? onlyKpi : kpiOfKey.get(row.kpiKey());
                            if (kpi == null) {
                                problems.accept(new RowProblem(row.number(), "No KPI of the connector has the key "
                                        + Inputs.shown(row.kpiKey()) + "."));
                            } else if (row.value().abs().compareTo(KpiRules.LARGEST) >= 0) {
                                problems.accept(new RowProblem(row.number(), "The value must be smaller than 10^15 "
                                        + "in magnitude."));
                            } else {
                                // As the bulk reader does: every value shows as a Float (50 as 50.0).
                                BigDecimal value = row.value().scale() < 1 ? row.value().setScale(1) : row.value();
                                rows.accept(new BatchRow(row.number(), kpi, row.day(), value, null));
                            }
                        }, unusable -> problems.accept(new RowProblem(unusable.number(), unusable.message())));
                        read.set(count);
                        return count;
                    },
                    "connector:" + connector.name, "Restated by connector " + connector.name + " ("
                            + run.windowFrom + " to " + run.windowTo + ")", run.dryRun);
            run.outcome = RunOutcome.SUCCEEDED;
            run.rowsRead = (int) batch.report().rows();
            run.recorded = (int) batch.report().recorded();
            run.corrected = (int) batch.corrected();
            run.unchanged = (int) batch.unchanged();
            run.batchKey = batch.report().batchKey();
            run.replayed = batch.report().replayed();
            run.durationMs = elapsed(started);
            if (run.dryRun) {
                run.preview = batch.preview().stream().map(value -> {
                    ConnectorValue shown = new ConnectorValue();
                    shown.kpiId = Long.toString(value.kpiId());
                    shown.day = value.day();
                    shown.value = value.value().doubleValue();
                    shown.action = value.action();
                    return shown;
                }).toList();
                throw new DryRunDone();
            }
            repository.advance(id, run.windowTo, trigger == RunTrigger.SCHEDULE);
            run.id = Long.toString(repository.insertRun(run, repository.batchId(run.batchKey)));
            announce(connector, run);
            return Optional.of(run);
        } catch (BatchRejectedException e) {
            run.outcome = RunOutcome.REJECTED;
            run.rowsRead = (int) read.get();
            run.rejected = (int) e.total();
            run.problems = e.problems().stream().limit(MAX_PROBLEMS_KEPT)
                    .map(problem -> new ConnectorProblem((int) problem.row(), problem.message())).toList();
            run.errorCode = "rows-rejected";
            run.error = e.total() + " row(s) cannot be recorded; nothing was.";
        } catch (SourceException e) {
            run.outcome = RunOutcome.FAILED;
            run.rowsRead = (int) read.get();
            run.errorCode = e.code();
            run.error = e.getMessage();
        } catch (IOException e) {
            run.outcome = RunOutcome.FAILED;
            run.errorCode = "source-unreachable";
            run.error = "Reading the source broke off: " + e.getMessage();
        }
        run.durationMs = elapsed(started);
        throw new Stopped();
    }

    /**
     * An event when a connector's health turns, in the transaction that keeps the run: ConnectorFailing at the first
     * run that fails or is refused (not again while it keeps failing), ConnectorRecovered at the first that succeeds
     * after. Its KPIs are named, so that whoever answers for them can be told which feed stopped.
     */
    private void announce(Connector before, ConnectorRun run) {
        boolean failing = run.outcome != RunOutcome.SUCCEEDED;
        if (failing == (before.health == ConnectorHealth.FAILING)) {
            return;
        }
        ObjectNode payload = outbox.object().put("connectorId", before.id).put("name", before.name)
                .put("runId", run.id).put("outcome", run.outcome.name()).put("errorCode", run.errorCode)
                .put("error", run.error).put("windowFrom", run.windowFrom.toString())
                .put("windowTo", run.windowTo.toString());
        ArrayNode kpis = payload.putArray("kpiIds");
        if (before.kpiId != null) {
            kpis.add(before.kpiId);
        }
        before.kpiKeys.forEach(key -> kpis.add(key.kpiId));
        outbox.append("Connector", before.id, failing ? "ConnectorFailing" : "ConnectorRecovered", payload);
    }

    private SourceReader source(Connector c) throws SourceException {
        String secret = null;
        if (c.credential != null) {
            secret = credentials.find(c.credential).orElseThrow(() -> new SourceException("credential-missing",
                    "The credential " + c.credential + " is neither a file of the mounted connector Secret nor the "
                            + "environment variable " + credentials.environmentVariable(c.credential) + "."));
        }
        return switch (c.kind) {
            case SQL -> new SqlSource(c.jdbcUrl, c.username, secret, c.query, !c.kpiKeys.isEmpty(), c.rowCap,
                    c.timeoutSeconds);
            case HTTP -> new HttpSource(c.url, c.auth, c.username, secret, c.itemsPointer, c.dayPointer, c.valuePointer,
                    c.kpiKeys.isEmpty() ? null : c.kpiKeyPointer, c.nextPointer, c.rowCap, c.timeoutSeconds);
        };
    }

    private static int elapsed(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** Another transaction holds the connector's lock, or its scheduled run is no longer due. */
    private static final class Skipped extends RuntimeException {
        Skipped() {
            super(null, null, false, false);
        }
    }

    /** A dry run has its answer: everything it wrote is rolled back. */
    private static final class DryRunDone extends RuntimeException {
        DryRunDone() {
            super(null, null, false, false);
        }
    }

    /** The run failed or was refused: what it wrote is rolled back, and the run is kept with why. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
