package org.throughline.benchmark.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.throughline.benchmark.ReplicaChecks;
import org.throughline.launcher.GraphQLClient;
import org.throughline.launcher.Platform;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * What goes on while the executives ask: a KPI steward records a measurement of a KPI that has values, and the IT
 * lead moves a milestone's forecast by a day, each at a fixed rate through the gateway with their own token. Every
 * measurement and plan change is an event that governance evaluates signals on, as in production.
 */
final class BackgroundChanges implements AutoCloseable {

    /** How many of one kind of change were made, how many failed, and the first failure's text. */
    static final class Count {
        final AtomicLong done = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();

        void failure(Exception e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        }
    }

    private final Platform platform;
    private final Tenant tenant;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final Random random = new Random(7);
    final Count measurements = new Count();
    final Count milestoneUpdates = new Count();
    /** Every milestone change the gateway answered as accepted, with the version it gave: for the replicas' checks. */
    final List<ReplicaChecks.AcceptedChange> acceptedChanges = new CopyOnWriteArrayList<>();

    BackgroundChanges(Platform platform, Tenant tenant) {
        this.platform = platform;
        this.tenant = tenant;
    }

    /** Starts both at their rates; a rate of zero leaves that change out. */
    BackgroundChanges start(Duration measurementEvery, Duration milestoneUpdateEvery) {
        if (!measurementEvery.isZero() && !tenant.measuredKpis().isEmpty()) {
            schedule("sales-steward", measurementEvery, measurements, this::recordMeasurement);
        }
        if (!milestoneUpdateEvery.isZero()) {
            schedule("it-lead", milestoneUpdateEvery, milestoneUpdates, this::moveForecast);
        }
        return this;
    }

    private void schedule(String user, Duration every, Count count, Function<GraphQLClient, Boolean> change) {
        // A fresh token every minute: tokens live five.
        AtomicReference<GraphQLClient> client = new AtomicReference<>();
        AtomicReference<Instant> signedInAt = new AtomicReference<>(Instant.MIN);
        scheduler.scheduleAtFixedRate(() -> {
            try {
                if (Duration.between(signedInAt.get(), Instant.now()).toSeconds() > 60) {
                    client.set(platform.clientAs(user));
                    signedInAt.set(Instant.now());
                }
                if (change.apply(client.get())) {
                    count.done.incrementAndGet();
                }
            } catch (RuntimeException e) {
                count.failure(e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean recordMeasurement(GraphQLClient steward) {
        Tenant.Kpi kpi;
        synchronized (random) {
            kpi = tenant.measuredKpis().get(random.nextInt(tenant.measuredKpis().size()));
        }
        // Close to the current value, so that it stays inside the KPI's valid range.
        double value = kpi.currentValue() * (1 - 0.01 * Math.random());
        steward.data("""
                mutation LoadMeasurement($kpi: ID!, $value: Float!, $day: Date!) {
                  recordMeasurement(measurement: { kpiId: $kpi, value: $value, observedAt: $day }) { id }
                }
                """, Map.of("kpi", kpi.id(), "value", value, "day", LocalDate.now(ZoneOffset.UTC).toString()));
        return true;
    }

    /** Moves the forecast of a milestone still being delivered by a day, later or earlier; false if none was picked. */
    private boolean moveForecast(GraphQLClient itLead) {
        String id;
        synchronized (random) {
            List<String> milestones = tenant.initiatives().get(random.nextInt(tenant.initiatives().size()))
                    .milestoneIds();
            if (milestones.isEmpty()) {
                return false;
            }
            id = milestones.get(random.nextInt(milestones.size()));
        }
        JsonNode milestone = itLead.data("""
                query LoadMilestone($id: ID!) { milestone(id: $id) { version deliveryStatus forecastFinish baselineFinish } }
                """, Map.of("id", id)).get("milestone");
        String status = milestone.path("deliveryStatus").asText();
        if (status.equals("DELIVERED") || status.equals("DESCOPED")) {
            return false;
        }
        String forecast = milestone.path("forecastFinish").asText(milestone.path("baselineFinish").asText());
        LocalDate moved = LocalDate.parse(forecast).plusDays(Math.random() < 0.5 ? 1 : -1);
        JsonNode changed = itLead.data("""
                mutation LoadForecast($id: ID!, $version: Int!, $forecast: Date!) {
                  updateMilestone(id: $id, version: $version, changes: { forecastFinish: $forecast },
                                  reason: "weekly re-forecast") { id version }
                }
                """, Map.of("id", id, "version", milestone.path("version").asInt(), "forecast", moved.toString()))
                .get("updateMilestone");
        acceptedChanges.add(new ReplicaChecks.AcceptedChange(changed.path("id").asText(),
                changed.path("version").asInt()));
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(60, TimeUnit.SECONDS);
    }
}
