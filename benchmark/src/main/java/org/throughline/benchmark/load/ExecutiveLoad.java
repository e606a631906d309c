package org.throughline.benchmark.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A closed loop of signed-in executives through the gateway: each asks a question of the mix (by persisted id, with
 * variables chosen across the tenant, with their own token), waits for the answer, checks it, thinks, and asks the
 * next, for a fixed time. Closed, because the load is a population of people signed in at once: an executive
 * does not ask again before the answer came, so latencies are those a person waits for (an open loop at a fixed rate
 * would measure a queue that no population of 200 produces).
 */
final class ExecutiveLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final URI gateway;
    private final Executives executives;
    private final Tenant tenant;
    private final ExecutiveHabits habits;
    private final Map<Question, String> persistedIds;

    ExecutiveLoad(Vertx vertx, URI gateway, Executives executives, Tenant tenant, ExecutiveHabits habits,
                  Map<Question, String> persistedIds) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.executives = executives;
        this.tenant = tenant;
        this.habits = habits;
        this.persistedIds = persistedIds;
    }

    /** {@code concurrency} executives (the first ones) asking for {@code duration}; the answers in flight finish. */
    LoadReport.Phase run(int concurrency, Duration duration, long seed) throws Exception {
        if (concurrency > executives.count()) {
            throw new IllegalArgumentException(concurrency + " executives asked for, " + executives.count() + " signed in");
        }
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        .setDefaultHost(gateway.getHost()).setDefaultPort(gateway.getPort()),
                new PoolOptions().setHttp1MaxSize(concurrency));
        Map<Question, QuestionTally> tallies = new EnumMap<>(Question.class);
        for (Question question : Question.values()) {
            tallies.put(question, new QuestionTally());
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        for (int i = 0; i < concurrency; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops[i] = done;
            int executive = i;
            Random random = new Random(seed * 10_000 + i);
            vertx.setTimer(millis(habits.firstPause(random)),
                    id -> ask(client, executive, random, end, tallies, done));
        }
        CompletableFuture.allOf(loops).get(duration.toSeconds() + 120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close();
        return new LoadReport.Phase(concurrency, seconds, tallies);
    }

    private void ask(HttpClient client, int executive, Random random, long end, Map<Question, QuestionTally> tallies,
                     CompletableFuture<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete(null);
            return;
        }
        Question question = habits.nextQuestion(random);
        Buffer body = body(persistedIds, question, tenant.variables(question, random, Instant.now()));
        long sent = System.nanoTime();
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(gateway.getPath())
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Authorization", executives.bearer(executive)))
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(answer -> question.problem(response.statusCode(),
                        answer.toString())))
                .onComplete(outcome -> {
                    long elapsed = System.nanoTime() - sent;
                    tallies.get(question).record(elapsed, outcome.failed()
                            ? "no answer: " + outcome.cause() : outcome.result());
                    vertx.setTimer(millis(habits.thinkTime(random)),
                            id -> ask(client, executive, random, end, tallies, done));
                });
    }

    /** The request a front end sends: the question's persisted id and the variables, never the text. */
    static Buffer body(Map<Question, String> persistedIds, Question question, Map<String, Object> variables) {
        try {
            return Buffer.buffer(JSON.writeValueAsBytes(Map.of("variables", variables, "extensions",
                    Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", persistedIds.get(question))))));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millis(Duration pause) {
        return Math.max(1, pause.toMillis());
    }
}
