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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * What goes on while the executives ask: a KPI steward records a measurement of a KPI that has values, and the IT
 * lead moves a milestone's forecast by a day, each at a fixed rate through the gateway with their own token. Every
 * measurement and plan change is an event that governance evaluates signals on, as in production. Besides, two IT
 * leads at once change one milestone from the same version, so that a lost update would show.
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
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3);
    private final Random random = new Random(7);
    final Count measurements = new Count();
    final Count milestoneUpdates = new Count();
    /** Races of two IT leads on one milestone version: done when one was accepted and the other refused as stale. */
    final Count races = new Count();
    /** The races in which both writers were told their change was accepted: lost updates. */
    final List<String> racesBothAccepted = new CopyOnWriteArrayList<>();
    private final ExecutorService racers = Executors.newFixedThreadPool(2);
    /** Every milestone change the gateway answered as accepted, with the version it gave: for the replicas' checks. */
    final List<ReplicaChecks.AcceptedChange> acceptedChanges = new CopyOnWriteArrayList<>();

    BackgroundChanges(Platform platform, Tenant tenant) {
        this.platform = platform;
        this.tenant = tenant;
    }

    /** Starts each at its rate; a rate of zero leaves that change out. */
    BackgroundChanges start(Duration measurementEvery, Duration milestoneUpdateEvery, Duration raceEvery) {
        if (!measurementEvery.isZero() && !tenant.measuredKpis().isEmpty()) {
            schedule("sales-steward", 1, measurementEvery, Duration.ZERO, measurements,
                    clients -> recordMeasurement(clients.get(0)));
        }
        if (!milestoneUpdateEvery.isZero()) {
            schedule("it-lead", 1, milestoneUpdateEvery, Duration.ZERO, milestoneUpdates,
                    clients -> moveForecast(clients.get(0)));
        }
        if (!raceEvery.isZero()) {
            // Half a period after the IT lead's own changes, so that the two never sign the IT lead in at once: four
            // runs of 2026-12-08 saw Keycloak refuse 1 to 3 such sign-ins as "Invalid user credentials".
            schedule("it-lead", 2, raceEvery, raceEvery.dividedBy(2), races,
                    clients -> race(clients.get(0), clients.get(1)));
        }
        return this;
    }

    /** Makes {@code change} at the rate, with {@code clients} clients of the user, each on connections of its own. */
    private void schedule(String user, int clients, Duration every, Duration offset, Count count,
                          Function<List<GraphQLClient>, Boolean> change) {
        // Fresh tokens every minute: tokens live five.
        AtomicReference<List<GraphQLClient>> signedIn = new AtomicReference<>();
        AtomicReference<Instant> signedInAt = new AtomicReference<>(Instant.MIN);
        scheduler.scheduleAtFixedRate(() -> {
            try {
                if (Duration.between(signedInAt.get(), Instant.now()).toSeconds() > 60) {
                    // One sign-in for all of them: each client is its own connections, not its own session.
                    String token = platform.keycloak().map(keycloak -> keycloak.userToken(user)).orElse(null);
                    signedIn.set(IntStream.range(0, clients)
                            .mapToObj(i -> new GraphQLClient(platform.gatewayUrl(), token)).toList());
                    signedInAt.set(Instant.now());
                }
                if (change.apply(signedIn.get())) {
                    count.done.incrementAndGet();
                }
            } catch (RuntimeException e) {
                count.failure(e);
            }
        }, every.toMillis() + offset.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
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

    /** A milestone still being delivered, as a client read it: the version its change must name. */
    private record Movable(String id, int version, LocalDate forecast) {
    }

    /** A milestone of a random initiative, read as the IT lead; empty if the one picked is delivered or descoped. */
    private Optional<Movable> pickMovable(GraphQLClient itLead) {
        String id;
        synchronized (random) {
            List<String> milestones = tenant.initiatives().get(random.nextInt(tenant.initiatives().size()))
                    .milestoneIds();
            if (milestones.isEmpty()) {
                return Optional.empty();
            }
            id = milestones.get(random.nextInt(milestones.size()));
        }
        JsonNode milestone = itLead.data("""
                query LoadMilestone($id: ID!) { milestone(id: $id) { version deliveryStatus forecastFinish baselineFinish } }
                """, Map.of("id", id)).get("milestone");
        String status = milestone.path("deliveryStatus").asText();
        if (status.equals("DELIVERED") || status.equals("DESCOPED")) {
            return Optional.empty();
        }
        String forecast = milestone.path("forecastFinish").asText(milestone.path("baselineFinish").asText());
        return Optional.of(new Movable(id, milestone.path("version").asInt(), LocalDate.parse(forecast)));
    }

    /** The change of a milestone's forecast, based on the version read: the whole answer, data and errors. */
    private static JsonNode moveForecast(GraphQLClient itLead, Movable milestone, int days) {
        return itLead.post("""
                mutation LoadForecast($id: ID!, $version: Int!, $forecast: Date!) {
                  updateMilestone(id: $id, version: $version, changes: { forecastFinish: $forecast },
                                  reason: "weekly re-forecast") { id version }
                }
                """, Map.of("id", milestone.id(), "version", milestone.version(),
                "forecast", milestone.forecast().plusDays(days).toString()));
    }

    /** Records a change the gateway answered as accepted; true if it was. */
    private boolean accepted(JsonNode answer) {
        JsonNode changed = answer.path("data").path("updateMilestone");
        if (answer.hasNonNull("errors") || !changed.isObject()) {
            return false;
        }
        acceptedChanges.add(new ReplicaChecks.AcceptedChange(changed.path("id").asText(),
                changed.path("version").asInt()));
        return true;
    }

    /** Moves the forecast of a milestone still being delivered by a day, later or earlier; false if none was picked. */
    private boolean moveForecast(GraphQLClient itLead) {
        Optional<Movable> milestone = pickMovable(itLead);
        if (milestone.isEmpty()) {
            return false;
        }
        JsonNode answer = moveForecast(itLead, milestone.get(), Math.random() < 0.5 ? 1 : -1);
        if (!accepted(answer)) {
            throw new IllegalStateException("not accepted: " + answer.path("errors"));
        }
        return true;
    }

    /**
     * Two IT leads, each on a connection of their own (so, with replicas, through different processes), change the
     * same milestone at once from the same version: exactly one may be accepted, the other must be refused as
     * {@code version-conflict}. Both accepted is a lost update ({@link #racesBothAccepted}, and false); false too if
     * no milestone was picked.
     */
    private boolean race(GraphQLClient first, GraphQLClient second) {
        Optional<Movable> milestone = pickMovable(first);
        if (milestone.isEmpty()) {
            return false;
        }
        CompletableFuture<JsonNode> later = CompletableFuture.supplyAsync(
                () -> moveForecast(first, milestone.get(), 1), racers);
        CompletableFuture<JsonNode> earlier = CompletableFuture.supplyAsync(
                () -> moveForecast(second, milestone.get(), -1), racers);
        List<JsonNode> answers = List.of(later.join(), earlier.join());
        long won = answers.stream().filter(this::accepted).count();
        long refusedAsStale = answers.stream().filter(answer -> answer.path("errors").path(0).path("extensions")
                .path("code").asText().equals("version-conflict")).count();
        if (won == 2) {
            // Counted here, not as a race that went right.
            racesBothAccepted.add(milestone.get().id() + " from version " + milestone.get().version());
            return false;
        }
        if (won != 1 || refusedAsStale != 1) {
            throw new IllegalStateException("race on milestone " + milestone.get().id() + ": " + won
                    + " accepted, " + refusedAsStale + " refused as version-conflict: " + answers);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(60, TimeUnit.SECONDS);
        racers.shutdown();
    }
}
