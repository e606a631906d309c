package org.throughline.gateway.execution;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * In-flight deduplication of subgraph fetches, as Apollo Router, Hive Gateway and Grafbase do it: a query fetch
 * identical to one already on its way (same subgraph, same document, same variables, same forwarded headers, such
 * as the caller's authorization) waits for that one's answer instead of being sent again. The fetches that share an
 * answer all get the one answer, told that it is shared: the executor then copies what it puts into its own
 * operation's response, and never writes into the answer (copying every answer whole for every fetch that shared
 * it was the largest allocation left under the nested benchmark query with deduplication). Headers that
 * only trace a request (traceparent, tracestate, x-request-id) do not tell fetches apart: a shared fetch carries the
 * first one's. Mutations are never shared.
 */
final class InFlightFetches {

    private static final Set<String> TRACE_HEADERS = Set.of("traceparent", "tracestate", "x-request-id");

    /** What makes two fetches the same. */
    private record Key(String subgraph, String document, Map<String, Object> variables, Map<String, String> headers) {
    }

    /**
     * A fetch on its way, and the fetches waiting for its answer, each with the Vert.x context it waits on (null
     * off Vert.x): its answer is handed over there, so that what each operation does next (merging, further fetches,
     * shaping, writing the response) runs on its own event loop, not all on the one that received the shared answer.
     */
    private static final class Shared {
        final List<CompletableFuture<Answer>> waiting = new ArrayList<>();
        final List<Context> contexts = new ArrayList<>();
    }

    private final Map<Key, Shared> inFlight = new ConcurrentHashMap<>();

    /**
     * A subgraph's answer to a fetch, and whether other fetches got the same one: then it is read-only, since
     * others read it at the same time, on other event loops.
     */
    record Answer(Map<String, Object> body, boolean shared) {
    }

    /**
     * The answer to a fetch: {@code send}'s own, or, when an identical fetch is on its way, that one's ({@code
     * joined} is told so).
     */
    CompletionStage<Answer> fetch(String subgraph, String document, Map<String, Object> variables,
                                  Map<String, String> headers, Runnable joined,
                                  Supplier<CompletionStage<Map<String, Object>>> send) {
        Key key = new Key(subgraph, document, variables, withoutTraceHeaders(headers));
        CompletableFuture<Answer> waiter = new CompletableFuture<>();
        boolean[] first = {false};
        inFlight.compute(key, (k, shared) -> {
            if (shared == null) {
                first[0] = true;
                return new Shared();
            }
            shared.waiting.add(waiter);
            shared.contexts.add(Vertx.currentContext());
            return shared;
        });
        if (!first[0]) {
            joined.run();
            return waiter;
        }
        CompletableFuture<Answer> own = new CompletableFuture<>();
        send.get().whenComplete((body, failure) -> {
            // No fetch joins once the entry is gone; those that joined before are all in its list.
            Shared shared = inFlight.remove(key);
            Context here = Vertx.currentContext();
            // Each fetch goes on (merging what it copies of the answer, further fetches, shaping, writing) on its
            // own event loop, so that the work of a widely shared answer is not all done on this one.
            Answer answer = new Answer(body, !shared.waiting.isEmpty());
            for (int i = 0; i < shared.waiting.size(); i++) {
                CompletableFuture<Answer> waiting = shared.waiting.get(i);
                Runnable hand = failure != null ? () -> waiting.completeExceptionally(failure)
                        : () -> waiting.complete(answer);
                Context context = shared.contexts.get(i);
                if (context == null || context == here) {
                    hand.run();
                } else {
                    context.runOnContext(ignored -> hand.run());
                }
            }
            if (failure != null) {
                own.completeExceptionally(failure);
            } else {
                own.complete(answer);
            }
        });
        return own;
    }

    /** How many distinct fetches are on their way; for tests. */
    int size() {
        return inFlight.size();
    }

    private static Map<String, String> withoutTraceHeaders(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!TRACE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                kept.put(name.toLowerCase(Locale.ROOT), value);
            }
        });
        return kept;
    }
}
