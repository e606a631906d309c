package org.throughline.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.throughline.gateway.execution.Gateway;
import org.throughline.gateway.execution.SupergraphComposition;
import org.throughline.gateway.execution.Telemetry;
import org.throughline.gateway.security.ServiceAccount;
import org.throughline.gateway.execution.VertxSubgraphTransport;
import org.throughline.gateway.supergraph.Satisfiability;
import org.throughline.gateway.supergraph.Supergraph;
import org.throughline.gateway.supergraph.SupergraphReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the gateway serving the current supergraph. The supergraph comes from a file, read at start (a bad file
 * stops the start with the reason), or is composed from the configured subgraphs' {@code _service { sdl }}; while
 * a subgraph cannot be reached the gateway is not ready and tries again. Composed supergraphs follow the
 * subgraphs: they are polled, and a change is served once it composes.
 */
@ApplicationScoped
public class SupergraphHolder {

    private static final Logger LOG = Logger.getLogger(SupergraphHolder.class);

    private final GatewayConfig config;
    private final Vertx vertx;
    private final VertxSubgraphTransport transport;
    private final SupergraphComposition composition;
    private final Telemetry telemetry;
    private final AtomicReference<Gateway> current = new AtomicReference<>();
    private final AtomicReference<String> problem = new AtomicReference<>("the supergraph is not loaded yet");
    private volatile boolean stopped;

    public SupergraphHolder(GatewayConfig config, Vertx vertx, ObjectMapper json, ServiceAccount account,
                            OpenTelemetry openTelemetry, MeterRegistry registry) {
        this.config = config;
        this.telemetry = new Telemetry(openTelemetry, registry);
        this.vertx = vertx;
        Map<String, Duration> timeouts = new TreeMap<>();
        config.subgraphs().forEach((name, subgraph) -> subgraph.timeout().ifPresent(t -> timeouts.put(name, t)));
        Map<String, Long> responseBounds = new TreeMap<>();
        config.subgraphs().forEach((name, subgraph) -> subgraph.maxResponseSize()
                .ifPresent(size -> responseBounds.put(name, size.asLongValue())));
        this.transport = new VertxSubgraphTransport(vertx, json,
                subgraph -> timeouts.getOrDefault(subgraph.name(), config.subgraphTimeout()),
                subgraph -> responseBounds.getOrDefault(subgraph.name(), config.maxSubgraphResponseSize().asLongValue()));
        Map<String, String> urls = new TreeMap<>();
        config.subgraphs().forEach((name, subgraph) -> urls.put(name, subgraph.url()));
        this.composition = new SupergraphComposition(transport, urls, account::headers);
    }

    void start(@Observes StartupEvent event) {
        if (config.supergraphFile().isPresent()) {
            try {
                String sdl = Files.readString(config.supergraphFile().get());
                Supergraph supergraph = SupergraphReader.read(sdl);
                List<String> unsatisfiable = Satisfiability.unsatisfiableFields(supergraph);
                if (!unsatisfiable.isEmpty()) {
                    LOG.warnf("The supergraph file %s has fields a client can select where no subgraph can answer them"
                            + " (operations asking for them there are refused with QUERY_PLANNING_FAILED): %s",
                            config.supergraphFile().get(), String.join(", ", unsatisfiable));
                }
                serve(supergraph, "file " + config.supergraphFile().get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the supergraph file " + config.supergraphFile().get(), e);
            }
            return;
        }
        if (config.subgraphs().isEmpty()) {
            throw new IllegalStateException("configure throughline.gateway.supergraph-file or at least one "
                    + "throughline.gateway.subgraphs.<name>.url");
        }
        refresh();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        transport.close();
    }

    /** The gateway for the current supergraph, if one is loaded. */
    public Optional<Gateway> gateway() {
        return Optional.ofNullable(current.get());
    }

    /** Why no supergraph is served, when none is. */
    public String problem() {
        return problem.get();
    }

    /**
     * Composes from the subgraphs. Until a first supergraph is served, a failure is retried soon; afterwards the
     * subgraphs are polled, a changed schema is served once it composes, and a failed recomposition leaves the
     * previous supergraph serving.
     */
    private void refresh() {
        Gateway serving = current.get();
        composition.refresh(serving == null ? null : serving.supergraph()).whenComplete((changed, failure) -> {
            if (stopped) {
                return;
            }
            if (failure == null) {
                changed.ifPresent(supergraph -> serve(supergraph, (serving == null ? "composition of " : "recomposition of ")
                        + String.join(", ", new TreeMap<>(config.subgraphs()).keySet())));
            } else {
                String reason = (failure.getCause() != null ? failure.getCause() : failure).getMessage();
                if (serving == null) {
                    problem.set(reason);
                    LOG.warnf("No supergraph yet (%s); trying again in %s", reason, config.compositionRetry());
                } else {
                    LOG.warnf("Recomposition failed, the previous supergraph keeps serving: %s", reason);
                }
            }
            Duration next = current.get() == null ? config.compositionRetry() : config.pollInterval();
            if (!next.isZero() && !next.isNegative()) {
                vertx.setTimer(next.toMillis(), id -> refresh());
            }
        });
    }

    private void serve(org.throughline.gateway.supergraph.Supergraph supergraph, String source) {
        current.set(new Gateway(supergraph, transport, config.options(telemetry)));
        Set<String> unmapped = new java.util.TreeSet<>(supergraph.policies());
        unmapped.removeAll(config.policies().keySet());
        if (!unmapped.isEmpty()) {
            LOG.warnf("The supergraph's @policy names %s, which throughline.gateway.policies maps to no role: nobody "
                    + "meets them, so the fields they guard are refused to every caller", unmapped);
        }
        problem.set(null);
        LOG.infof("Serving the supergraph from %s: subgraphs %s", source, supergraph.subgraphs().values().stream()
                .map(s -> s.name() + " at " + s.url()).toList());
    }
}
