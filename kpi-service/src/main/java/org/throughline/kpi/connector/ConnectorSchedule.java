package org.throughline.kpi.connector;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts the connectors whose time has come. Every replica looks; each connector's advisory lock and a second look at
 * its next run time under that lock make sure one replica runs it, once.
 */
@ApplicationScoped
public class ConnectorSchedule {

    @Inject
    ConnectorRepository repository;

    @Inject
    ConnectorRunner runner;

    @Scheduled(every = "${throughline.kpi.connectors.every:30s}", delayed = "${throughline.kpi.connectors.delay:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        runDue();
    }

    /** Runs each connector that is due and not running elsewhere; returns the runs made here. */
    public List<ConnectorRun> runDue() {
        List<ConnectorRun> runs = new ArrayList<>();
        for (Long id : QuarkusTransaction.requiringNew().call(repository::due)) {
            try {
                runner.runScheduled(id).ifPresent(run -> {
                    runs.add(run);
                    if (run.outcome != RunOutcome.SUCCEEDED) {
                        Log.warnf("connector %s: run %s %s (%s) %s", id, run.id, run.outcome, run.errorCode, run.error);
                    }
                });
            } catch (RuntimeException e) {
                Log.errorf(e, "connector %s: the scheduled run broke", id);
            }
        }
        return runs;
    }
}
