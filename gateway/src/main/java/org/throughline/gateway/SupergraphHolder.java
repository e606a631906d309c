package org.throughline.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.throughline.gateway.execution.Gateway;
import org.throughline.gateway.execution.SubgraphTransport;
import org.throughline.gateway.execution.VertxSubgraphTransport;
import org.throughline.gateway.supergraph.Subgraph;
import org.throughline.gateway.supergraph.SupergraphComposer;
import org.throughline.gateway.supergraph.SupergraphComposer.SubgraphSchema;
import org.throughline.gateway.supergraph.SupergraphException;
import org.throughline.gateway.supergraph.SupergraphReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the gateway serving the current supergraph. The supergraph comes from a file, read at start (a bad file
 * stops the start with the reason), or is composed from the configured subgraphs' {@code _service { sdl }}; while
 * a subgraph cannot be reached the gateway is not ready and tries again.
 */
@ApplicationScoped
public class SupergraphHolder {

    private static final Logger LOG = Logger.getLogger(SupergraphHolder.class);

    private final GatewayConfig config;
    private final Vertx vertx;
    private final VertxSubgraphTransport transport;
    private final AtomicReference<Gateway> current = new AtomicReference<>();
    private final AtomicReference<String> problem = new AtomicReference<>("the supergraph is not loaded yet");
    private volatile boolean stopped;

    public SupergraphHolder(GatewayConfig config, Vertx vertx, ObjectMapper json) {
        this.config = config;
        this.vertx = vertx;
        Map<String, Duration> timeouts = new TreeMap<>();
        config.subgraphs().forEach((name, subgraph) -> subgraph.timeout().ifPresent(t -> timeouts.put(name, t)));
        this.transport = new VertxSubgraphTransport(vertx, json,
                subgraph -> timeouts.getOrDefault(subgraph.name(), config.subgraphTimeout()));
    }

    void start(@Observes StartupEvent event) {
        if (config.supergraphFile().isPresent()) {
            try {
                String sdl = Files.readString(config.supergraphFile().get());
                serve(SupergraphReader.read(sdl), "file " + config.supergraphFile().get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the supergraph file " + config.supergraphFile().get(), e);
            }
            return;
        }
        if (config.subgraphs().isEmpty()) {
            throw new IllegalStateException("configure throughline.gateway.supergraph-file or at least one "
                    + "throughline.gateway.subgraphs.<name>.url");
        }
        compose();
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

    public SubgraphTransport transport() {
        return transport;
    }

    private void compose() {
        Map<String, GatewayConfig.SubgraphConfig> subgraphs = new TreeMap<>(config.subgraphs());
        List<CompletableFuture<SubgraphSchema>> schemas = new ArrayList<>();
        subgraphs.forEach((name, subgraph) -> schemas.add(transport.send(
                        new Subgraph(name, name, subgraph.url()), "query Throughline__service { _service { sdl } }",
                        Map.of(), Map.of())
                .thenApply(response -> new SubgraphSchema(name, subgraph.url(), sdl(name, response)))
                .toCompletableFuture()));
        CompletableFuture.allOf(schemas.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            if (stopped) {
                return;
            }
            try {
                if (failure != null) {
                    throw failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                }
                String sdl = SupergraphComposer.compose(schemas.stream().map(CompletableFuture::join).toList());
                serve(SupergraphReader.read(sdl), "composition of " + String.join(", ", subgraphs.keySet()));
            } catch (Throwable e) {
                problem.set(e.getMessage());
                LOG.warnf("No supergraph yet (%s); trying again in %s", e.getMessage(), config.compositionRetry());
                vertx.setTimer(config.compositionRetry().toMillis(), id -> compose());
            }
        });
    }

    private static String sdl(String name, Map<String, Object> response) {
        if (response.get("data") instanceof Map<?, ?> data && data.get("_service") instanceof Map<?, ?> service
                && service.get("sdl") instanceof String sdl) {
            return sdl;
        }
        throw new SupergraphException("subgraph " + name + " did not return its SDL: " + response.get("errors"));
    }

    private void serve(org.throughline.gateway.supergraph.Supergraph supergraph, String source) {
        current.set(new Gateway(supergraph, transport));
        problem.set(null);
        LOG.infof("Serving the supergraph from %s: subgraphs %s", source, supergraph.subgraphs().values().stream()
                .map(s -> s.name() + " at " + s.url()).toList());
    }
}
