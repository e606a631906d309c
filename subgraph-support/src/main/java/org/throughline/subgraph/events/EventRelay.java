package org.throughline.subgraph.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.Driver;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Hands this replica every event of its service as soon as it commits: one connection LISTENs to the outbox's
 * channel, and each notification (or, as a safety net, every poll interval) reads what is new in the feed from where
 * this replica stopped and fires each event, in feed order, as a CDI event to the service's observers of
 * {@link OutboxEvent}. Every replica does so, so each sees every event. A notification can be missed (the listening
 * connection broke); an event cannot: the feed is read from the last position, whatever woke the reader.
 */
@ApplicationScoped
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);
    /** How soon to look again when an event is committed but held back by an older writer still open. */
    private static final long HELD_BACK_MILLIS = 20;

    @Inject
    EventFeed feed;

    @Inject
    Event<OutboxEvent> observers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** How often the feed is read when no notification came: the safety net for a notification missed. */
    @ConfigProperty(name = "throughline.events.poll-interval", defaultValue = "5s")
    Duration pollInterval;

    /** Each live subscriber's own buffer holds this many events before it is ended as too slow. */
    private static final int SUBSCRIBER_BUFFER = 10_000;

    private final BroadcastProcessor<OutboxEvent> live = BroadcastProcessor.create();
    private final Object changed = new Object();
    private volatile boolean running;
    private volatile long generation;
    private Thread thread;

    void start(@Observes StartupEvent started) {
        running = true;
        thread = new Thread(this::relay, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /**
     * Every event committed from the moment of subscribing, in feed order, for the service's GraphQL subscriptions.
     * A subscriber that falls more than {@value #SUBSCRIBER_BUFFER} events behind is ended with a failure, never
     * holding the others back.
     */
    public Multi<OutboxEvent> live() {
        return live.onOverflow().buffer(SUBSCRIBER_BUFFER);
    }

    /** How many times the feed has moved on; pass it to {@link #awaitChange} to wait for the next. */
    public long generation() {
        return generation;
    }

    /** Waits until the feed moved on from the generation given, or the time passed; true if it moved. */
    public boolean awaitChange(long seen, Duration atMost) throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        synchronized (changed) {
            while (generation == seen) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void relay() {
        FeedPosition position = null;
        Connection listening = null;
        long failures = 0;
        while (running) {
            try {
                if (position == null) {
                    position = feed.head();
                }
                if (listening == null) {
                    listening = listen();
                }
                EventFeed.Page page;
                do {
                    page = feed.after(position, EventFeed.PAGE);
                    for (OutboxEvent event : page.events()) {
                        fire(event);
                    }
                    position = page.last(position);
                } while (page.events().size() == EventFeed.PAGE && running);
                if (!page.events().isEmpty()) {
                    moved();
                }
                failures = 0;
                long wait = page.heldBack() ? HELD_BACK_MILLIS : pollInterval.toMillis();
                listening.unwrap(PGConnection.class).getNotifications((int) Math.max(1, wait));
            } catch (SQLException e) {
                failures++;
                if (failures == 1 || failures % 60 == 0) {
                    LOG.warnf("the outbox could not be read (%s); trying again", e.getMessage());
                }
                close(listening);
                listening = null;
                pause(Math.min(pollInterval.toMillis(), 250 * failures));
            } catch (RuntimeException e) {
                LOG.errorf(e, "the outbox relay failed; going on from %s", position);
                pause(pollInterval.toMillis());
            }
        }
        close(listening);
    }

    private void fire(OutboxEvent event) {
        live.onNext(event);
        try {
            observers.fire(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "an observer failed on event %s (%s %s %s)", event.position(), event.type(),
                    event.aggregateType(), event.aggregateId());
        }
    }

    private void moved() {
        synchronized (changed) {
            generation++;
            changed.notifyAll();
        }
    }

    private Connection listen() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password.orElse(""));
        // The driver itself, not DriverManager: the application's class loader is not the one DriverManager asks.
        Connection connection = new Driver().connect(url, credentials);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("listen " + Outbox.CHANNEL);
        }
        return connection;
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
