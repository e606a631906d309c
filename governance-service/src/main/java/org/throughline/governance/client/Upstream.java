package org.throughline.governance.client;

import io.quarkus.logging.Log;
import io.smallrye.graphql.client.GraphQLClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Governance's one way to the facts of the plan and the KPIs: batched reads through plan-service's and kpi-service's
 * GraphQL APIs (the typed clients; {@link CompleteReads} for every milestone and every KPI), never their databases.
 * Every call has a deadline, so a hung service costs an answer that long at most; one that missed its deadline is not
 * asked again for a short while (its callers are told at once that it cannot answer). A service that cannot answer is
 * an {@link UpstreamUnavailableException}; the {@code known...} reads then answer from the {@link KnownFacts} last
 * read, marked as not live, where they have all that was asked.
 */
@ApplicationScoped
public class Upstream {

    public static final String PLAN = "plan-service";
    public static final String KPI = "kpi-service";

    @Inject
    PlanGraph plan;

    @Inject
    KpiGraph kpis;

    @Inject
    KnownFacts known;

    /** The complete reads, which the typed client would read too slowly (see there). */
    @Inject
    CompleteReads complete;

    /** How long a call of an upstream service may take before governance answers without it. */
    @ConfigProperty(name = "throughline.governance.upstream.deadline", defaultValue = "5s")
    Duration deadline;

    /** How long a service that missed its deadline is left alone before it is asked again. */
    @ConfigProperty(name = "throughline.governance.upstream.hold-off", defaultValue = "10s")
    Duration holdOff;

    private final Map<String, Instant> heldOffUntil = new ConcurrentHashMap<>();

    /** Interrupts a call that is still waiting at its deadline. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "upstream-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /** The milestones with the given ids; an id that names none is absent from the map. */
    public Map<String, PlanFacts.Milestone> milestones(Collection<String> ids) throws UpstreamUnavailableException {
        return ids.isEmpty() ? Map.of()
                : byId(call(PLAN, () -> plan.milestonesById(List.copyOf(ids))), milestone -> milestone.id);
    }

    public Map<String, PlanFacts.Initiative> initiatives(Collection<String> ids) throws UpstreamUnavailableException {
        return ids.isEmpty() ? Map.of()
                : byId(call(PLAN, () -> plan.initiativesById(List.copyOf(ids))), initiative -> initiative.id);
    }

    /** The initiatives with the given ids, with the facts the signals need of them. */
    public Map<String, PlanFacts.InitiativeSummary> initiativeSummaries(Collection<String> ids)
            throws UpstreamUnavailableException {
        return ids.isEmpty() ? Map.of()
                : byId(call(PLAN, () -> plan.initiativeSummariesById(List.copyOf(ids))), initiative -> initiative.id);
    }

    public Map<String, PlanFacts.Workstream> workstreams(Collection<String> ids) throws UpstreamUnavailableException {
        return ids.isEmpty() ? Map.of()
                : byId(call(PLAN, () -> plan.workstreamsById(List.copyOf(ids))), workstream -> workstream.id);
    }

    /** The KPIs with the given ids, with their live analytics; an id that names none is absent. */
    public Map<String, KpiFacts.Kpi> kpis(Collection<String> ids) throws UpstreamUnavailableException {
        return ids.isEmpty() ? Map.of() : byId(call(KPI, () -> kpis.kpisById(List.copyOf(ids))), kpi -> kpi.id);
    }

    /** The definitions of the KPIs with the given ids (no analytics); an id that names none is absent. */
    public Map<String, KpiFacts.Definition> kpiDefinitions(Collection<String> ids) throws UpstreamUnavailableException {
        return ids.isEmpty() ? Map.of()
                : byId(call(KPI, () -> kpis.kpiDefinitionsById(List.copyOf(ids))), kpi -> kpi.id);
    }

    /** The KPIs with the given ids, live or, when kpi-service cannot answer, as last read of it. */
    public Known<Map<String, KpiFacts.Kpi>> knownKpis(Collection<String> ids) throws UpstreamUnavailableException {
        return liveOrKnown(() -> kpis(ids), () -> known.kpis(ids));
    }

    /** The initiatives with their milestones, live or, when plan-service cannot answer, as last read of it. */
    public Known<Map<String, PlanFacts.Initiative>> knownInitiatives(Collection<String> ids)
            throws UpstreamUnavailableException {
        return liveOrKnown(() -> initiatives(ids), () -> known.initiatives(ids));
    }

    /** The workstreams with their milestones, live or, when plan-service cannot answer, as last read of it. */
    public Known<Map<String, PlanFacts.Workstream>> knownWorkstreams(Collection<String> ids)
            throws UpstreamUnavailableException {
        return liveOrKnown(() -> workstreams(ids), () -> known.workstreams(ids));
    }

    @FunctionalInterface
    private interface LiveRead<T> {
        T read() throws UpstreamUnavailableException;
    }

    /** Read live; when the service cannot answer, what is known of it, or the service's absence when nothing is. */
    private static <T> Known<T> liveOrKnown(LiveRead<T> live, Supplier<Optional<Known<T>>> known)
            throws UpstreamUnavailableException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try {
            return new Known<>(live.read(), Freshness.live(now));
        } catch (UpstreamUnavailableException unavailable) {
            return known.get().orElseThrow(() -> unavailable);
        }
    }

    /** Every milestone of the plan, read a page of 500 at a time. */
    public List<PlanFacts.Milestone> allMilestones() throws UpstreamUnavailableException {
        return allPages((first, after) -> complete.planPage("milestones", first, after, PlanFacts.MilestonePage.class),
                page -> page.nodes, page -> page.pageInfo);
    }

    /** Every initiative of the plan, read a page of 500 at a time. */
    public List<PlanFacts.InitiativeSummary> allInitiatives() throws UpstreamUnavailableException {
        return allPages((first, after) -> complete.planPage("initiatives", first, after,
                PlanFacts.InitiativePage.class), page -> page.nodes, page -> page.pageInfo);
    }

    /** Follows plan-service's cursors from the first page of 500 to the last. */
    private <P, T> List<T> allPages(BiFunction<Integer, String, P> read, Function<P, List<T>> nodes,
                                           Function<P, PlanFacts.PageInfo> pageInfo)
            throws UpstreamUnavailableException {
        List<T> all = new ArrayList<>();
        String after = null;
        do {
            String cursor = after;
            P page = call(PLAN, () -> read.apply(500, cursor));
            all.addAll(nodes.apply(page));
            PlanFacts.PageInfo info = pageInfo.apply(page);
            after = info.hasNextPage ? info.endCursor : null;
        } while (after != null);
        return all;
    }

    /** Every KPI, with its live analytics. */
    public List<KpiFacts.Kpi> allKpis() throws UpstreamUnavailableException {
        return call(KPI, () -> complete.kpiList("kpis", KpiFacts.Kpi.class));
    }

    /** What plan-service answered when asked to record a milestone's effect as proven. */
    public enum ProofAnswer {
        PROVEN,
        /** The milestone changed since it was read: read it again and ask again. */
        VERSION_CONFLICT,
        /** plan-service refused, with a reason of its own (the milestone is no longer IMPLEMENTED, say). */
        REFUSED
    }

    /** Asks plan-service, through the seam reserved for governance, to move the milestone to EFFECT_PROVEN. */
    public ProofAnswer proveMilestoneEffect(String id, int version, String evidence)
            throws UpstreamUnavailableException {
        try {
            plan.proveMilestoneEffect(id, version, evidence);
            return ProofAnswer.PROVEN;
        } catch (GraphQLClientException refused) {
            String code = refused.getErrors().isEmpty() ? null : refused.getErrors().get(0).getCode();
            if (code == null) {
                throw new UpstreamUnavailableException(PLAN, refused);
            }
            if ("version-conflict".equals(code)) {
                return ProofAnswer.VERSION_CONFLICT;
            }
            Log.warnf("plan-service refused to prove the effect of milestone %s (%s): %s", id, code,
                    refused.getErrors().get(0).getMessage());
            return ProofAnswer.REFUSED;
        } catch (RuntimeException e) {
            throw unavailable(PLAN, e);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run();
    }

    /**
     * Runs the call within the deadline, on the caller's thread (so that its trace and context go with it): a call
     * still waiting at the deadline is interrupted. A service that misses the deadline is held off: for a while every
     * call of it is unavailable at once, rather than each waiting out the deadline of a service that is known to hang.
     */
    private <T> T call(String service, Call<T> call) throws UpstreamUnavailableException {
        Instant until = heldOffUntil.get(service);
        if (until != null && Instant.now().isBefore(until)) {
            throw new UpstreamUnavailableException(service, new TimeoutException("missed its deadline of "
                    + deadline.toMillis() + " ms lately; asked again from " + until));
        }
        Deadline alarm = new Deadline(Thread.currentThread());
        alarm.set(DEADLINES.schedule(alarm::expire, deadline.toMillis(), TimeUnit.MILLISECONDS));
        try {
            T result = call.run();
            if (!alarm.end()) {
                heldOffUntil.remove(service);
                return result;
            }
        } catch (RuntimeException e) {
            if (!alarm.end()) {
                throw unavailable(service, e);
            }
        }
        heldOffUntil.put(service, Instant.now().plus(holdOff));
        Log.warnf("%s did not answer within %d ms; not asked again for %d s", service, deadline.toMillis(),
                holdOff.toSeconds());
        throw new UpstreamUnavailableException(service, new TimeoutException("no answer within "
                + deadline.toMillis() + " ms"));
    }

    /** The alarm of one call: it interrupts the waiting caller once, unless the call ended first. */
    private static final class Deadline {
        private final Thread caller;
        private ScheduledFuture<?> timer;
        private boolean ended;
        private boolean expired;

        Deadline(Thread caller) {
            this.caller = caller;
        }

        synchronized void set(ScheduledFuture<?> timer) {
            this.timer = timer;
        }

        synchronized void expire() {
            if (!ended) {
                expired = true;
                caller.interrupt();
            }
        }

        /** Ends the call's wait; true when the deadline passed (the caller's interrupt is then cleared). */
        boolean end() {
            synchronized (this) {
                ended = true;
                if (timer != null) {
                    timer.cancel(false);
                }
            }
            if (expired) {
                Thread.interrupted();
            }
            return expired;
        }
    }

    /** The client is told the service could not answer; the log keeps why (unreachable, refused token, ...). */
    private static UpstreamUnavailableException unavailable(String service, RuntimeException cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        Log.warnf("%s could not answer: %s%s", service, cause, root == cause ? "" : " (" + root + ")");
        return new UpstreamUnavailableException(service, cause);
    }

    private static <T> Map<String, T> byId(List<T> found, Function<T, String> idOf) {
        Map<String, T> byId = new HashMap<>();
        found.stream().filter(Objects::nonNull).forEach(item -> byId.put(idOf.apply(item), item));
        return byId;
    }
}
