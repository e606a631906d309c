package org.throughline.governance.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.throughline.governance.client.UpstreamUnavailableException;
import org.throughline.subgraph.events.FeedPosition;
import org.throughline.subgraph.events.OutboxEvent;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluates the signals when something that can change them happened: an event of plan-service or kpi-service
 * (followed by {@link org.throughline.governance.client.UpstreamEvents}), or a change to a commitment here. Events
 * that arrive close together are evaluated together, once (they are gathered for a short moment first), reading
 * again only the items they are about; while an evaluation runs, those arriving meanwhile make one more. An evaluation that cannot read the plan or the KPIs is
 * tried again, the positions it would have recorded kept, so no event is dropped. The timer of
 * {@link SignalEngine} stays as the safety net.
 */
@ApplicationScoped
public class SignalTrigger {

    private static final Logger LOG = Logger.getLogger(SignalTrigger.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    @Inject
    SignalConfig config;

    @Inject
    SignalEngine engine;

    private final Map<String, FeedPosition> pending = new HashMap<>();
    private Touched touched = new Touched();
    private boolean requested;
    private volatile boolean running;
    private Thread worker;

    void start(@Observes StartupEvent started) {
        if (!config.onEvents()) {
            return;
        }
        running = true;
        worker = new Thread(this::work, "signal-trigger");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /**
     * An item changed upstream (an event of the source's feed, at the position given, about the aggregate named, with
     * its payload): evaluate soon, reading that item again.
     */
    public synchronized void request(String source, FeedPosition position, String aggregateType, String aggregateId,
                                     JsonNode payload) {
        touched.add(aggregateType, aggregateId, payload);
        request(source, position);
    }

    private synchronized void request(String source, FeedPosition position) {
        if (source != null && position != null) {
            pending.merge(source, position, (known, given) -> known.compareTo(given) >= 0 ? known : given);
        }
        requested = true;
        notifyAll();
    }

    /** A commitment of this service changed (made, amended, withdrawn, signed off): evaluate soon. */
    void onOwnEvent(@Observes OutboxEvent event) {
        if (running && "Commitment".equals(event.aggregateType())) {
            request(null, null);
        }
    }

    private void work() {
        Duration retry = FIRST_RETRY;
        while (running) {
            Map<String, FeedPosition> taken;
            Touched items;
            try {
                synchronized (this) {
                    while (!requested) {
                        wait();
                    }
                }
                Thread.sleep(config.gather().toMillis());
                synchronized (this) {
                    taken = new HashMap<>(pending);
                    pending.clear();
                    items = touched;
                    touched = new Touched();
                    requested = false;
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                SignalEvaluation evaluation = engine.evaluate(taken, items);
                LOG.debugf("signals evaluated on events: %d raised, %d cleared, %d open", evaluation.raised(),
                        evaluation.cleared(), evaluation.open());
                retry = FIRST_RETRY;
            } catch (UpstreamUnavailableException | RuntimeException e) {
                LOG.warnf("signals not evaluated on events (%s); trying again in %s", e.getMessage(), retry);
                synchronized (this) {
                    touched.addAll(items);
                }
                taken.forEach(this::request);
                request(null, null);
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
            }
        }
    }
}
