package org.throughline.benchmark;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code concurrency} clients each send the next request as soon as the previous answer
 * arrives, over pooled keep-alive connections, for a fixed time. Latencies go into a histogram; a response
 * other than 200 with the expected body counts as an error.
 */
final class Load {

    record Result(long requests, long errors, double perSecond, double p50Millis, double p99Millis) {
    }

    private final Vertx vertx;
    private final int concurrency;

    Load(Vertx vertx, int concurrency) {
        this.vertx = vertx;
        this.concurrency = concurrency;
    }

    Result run(String url, String body, String expected, Duration duration) throws Exception {
        URI uri = URI.create(url);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()), new PoolOptions().setHttp1MaxSize(concurrency));
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Buffer payload = Buffer.buffer(body);
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        for (int i = 0; i < concurrency; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops[i] = done;
            vertx.runOnContext(v -> next(client, uri.getPath(), payload, expected, end, latencies, errors, done));
        }
        CompletableFuture.allOf(loops).get(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close();
        long total = latencies.getTotalCount();
        return new Result(total, errors.get(), total / seconds,
                latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6);
    }

    private void next(HttpClient client, String path, Buffer payload, String expected, long end, Histogram latencies,
                      AtomicLong errors, CompletableFuture<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete(null);
            return;
        }
        long sent = System.nanoTime();
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                        .putHeader("content-type", "application/json"))
                .compose(request -> request.send(payload))
                .compose(response -> response.body().map(body -> response.statusCode() == 200
                        && body.toString().equals(expected)))
                .onComplete(outcome -> {
                    synchronized (latencies) {
                        latencies.recordValue(Math.min(System.nanoTime() - sent, latencies.getHighestTrackableValue()));
                    }
                    if (outcome.failed() || !outcome.result()) {
                        errors.incrementAndGet();
                    }
                    next(client, path, payload, expected, end, latencies, errors, done);
                });
    }
}
