package org.throughline.gateway.execution;

import org.throughline.gateway.supergraph.Subgraph;
import org.throughline.gateway.supergraph.Supergraph;
import org.throughline.gateway.supergraph.SupergraphComposer;
import org.throughline.gateway.supergraph.SupergraphComposer.SubgraphSchema;
import org.throughline.gateway.supergraph.SupergraphException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Composes a supergraph from live subgraphs: asks each for {@code _service { sdl }} at once, composes, and tells
 * whether the result differs from the supergraph being served. Fails, with the reason, when a subgraph cannot be
 * reached or the schemas do not compose; the caller decides what keeps serving meanwhile.
 */
public final class SupergraphComposition {

    private static final String SERVICE_QUERY = "query Throughline__service { _service { sdl } }";

    private final SubgraphTransport transport;
    private final Map<String, String> urls;
    private final Supplier<CompletionStage<Map<String, String>>> credentials;

    /**
     * {@code urls}: subgraph name to GraphQL endpoint; {@code credentials}: the headers that authenticate the
     * gateway itself to the subgraphs, asked for at each refresh.
     */
    public SupergraphComposition(SubgraphTransport transport, Map<String, String> urls,
                                 Supplier<CompletionStage<Map<String, String>>> credentials) {
        this.transport = transport;
        this.urls = new TreeMap<>(urls);
        this.credentials = credentials;
    }

    /** Composition by a gateway that needs no credentials (subgraphs that are open, or tests). */
    public SupergraphComposition(SubgraphTransport transport, Map<String, String> urls) {
        this(transport, urls, () -> CompletableFuture.completedFuture(Map.of()));
    }

    /** Completes with the newly composed supergraph, or empty when it equals {@code current}. */
    public CompletionStage<Optional<Supergraph>> refresh(Supergraph current) {
        return credentials.get().thenCompose(headers -> refresh(current, headers));
    }

    private CompletionStage<Optional<Supergraph>> refresh(Supergraph current, Map<String, String> headers) {
        List<CompletableFuture<SubgraphSchema>> schemas = new ArrayList<>();
        urls.forEach((name, url) -> schemas.add(transport
                .send(new Subgraph(name, name, url), SERVICE_QUERY, Map.of(), headers)
                .thenApply(response -> new SubgraphSchema(name, url, sdl(name, response)))
                .toCompletableFuture()));
        // Composing and reading are CPU work: off the event loop that completed the last subgraph request.
        return CompletableFuture.allOf(schemas.toArray(CompletableFuture[]::new)).handleAsync((done, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw new CompletionException(new SupergraphException(cause.getMessage()));
            }
            // Every poll composes; only a supergraph that changed is read, once, and checked for satisfiability.
            String sdl = SupergraphComposer.composeUnchecked(schemas.stream().map(CompletableFuture::join).toList());
            if (current != null && current.sdl().equals(sdl)) {
                return Optional.empty();
            }
            return Optional.of(SupergraphComposer.satisfiable(sdl));
        });
    }

    private static String sdl(String name, Map<String, Object> response) {
        if (response.get("data") instanceof Map<?, ?> data && data.get("_service") instanceof Map<?, ?> service
                && service.get("sdl") instanceof String sdl) {
            return sdl;
        }
        throw new SupergraphException("subgraph " + name + " did not return its SDL: " + response.get("errors"));
    }
}
