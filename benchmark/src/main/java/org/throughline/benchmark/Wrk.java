package org.throughline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One load of one gateway by wrk (Debian's package, a load tool we did not write) with {@code benchmark/wrk/check.lua},
 * which checks every response against the expected body; meanwhile the gateway's and the subgraphs' CPU time, the
 * gateway's peak resident memory and the subgraph requests are taken.
 */
final class Wrk {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one load measured. Latencies in milliseconds, CPU as a share of one core (1.0 = one core busy). */
    record Result(long requests, long errors, double seconds, double p50, double p95, double p99, long peakRssMiB,
                  double gatewayCores, double subgraphCores, double subgraphCallsPerRequest) {

        double perSecond() {
            return requests / seconds;
        }
    }

    private final Path script;
    private final int threads;

    Wrk(Path script, int threads) {
        this.script = script;
        this.threads = threads;
    }

    /** Whether wrk is on the PATH. */
    static boolean installed() {
        try {
            Process probe = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            probe.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Result run(String url, Path body, Path expected, int connections, Duration duration, ProcessTree gateway,
               SubgraphsProcess subgraphs) throws IOException, InterruptedException {
        List<String> command = List.of("wrk", "-t", String.valueOf(Math.min(threads, connections)),
                "-c", String.valueOf(connections), "-d", duration.toSeconds() + "s", "--timeout", "10s",
                "-s", script.toString(), url, "--", body.toString(), expected.toString());
        AtomicLong peakRss = new AtomicLong(gateway.residentMiB());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakRss.accumulateAndGet(gateway.residentMiB(), Math::max),
                100, 250, TimeUnit.MILLISECONDS);
        Duration gatewayCpu = gateway.cpu();
        Duration subgraphCpu = subgraphs.tree().cpu();
        long subgraphRequests = subgraphs.requests();
        long start = System.nanoTime();
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        gatewayCpu = gateway.cpu().minus(gatewayCpu);
        subgraphCpu = subgraphs.tree().cpu().minus(subgraphCpu);
        subgraphRequests = subgraphs.requests() - subgraphRequests;
        sampler.shutdownNow();
        String summary = output.lines().filter(line -> line.startsWith("{\"requests\"")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk gave no summary (exit " + wrk.exitValue() + "):\n"
                        + output));
        JsonNode s = JSON.readTree(summary);
        long requests = s.get("requests").asLong();
        long errors = s.get("mismatches").asLong() + s.get("connect").asLong() + s.get("read").asLong()
                + s.get("write").asLong() + s.get("timeout").asLong();
        return new Result(requests, errors, s.get("durationMicros").asLong() / 1e6, s.get("p50").asLong() / 1e3,
                s.get("p95").asLong() / 1e3, s.get("p99").asLong() / 1e3, peakRss.get(),
                gatewayCpu.toNanos() / 1e9 / wall, subgraphCpu.toNanos() / 1e9 / wall,
                requests == 0 ? 0 : (double) subgraphRequests / requests);
    }

    /** The rounds of one gateway as one result: requests and time summed, latencies and peaks averaged or maxed. */
    static Result combine(List<Result> rounds) {
        double seconds = rounds.stream().mapToDouble(Result::seconds).sum();
        long requests = rounds.stream().mapToLong(Result::requests).sum();
        return new Result(requests, rounds.stream().mapToLong(Result::errors).sum(), seconds,
                rounds.stream().mapToDouble(Result::p50).average().orElse(0),
                rounds.stream().mapToDouble(Result::p95).average().orElse(0),
                rounds.stream().mapToDouble(Result::p99).average().orElse(0),
                rounds.stream().mapToLong(Result::peakRssMiB).max().orElse(0),
                rounds.stream().mapToDouble(r -> r.gatewayCores() * r.seconds()).sum() / seconds,
                rounds.stream().mapToDouble(r -> r.subgraphCores() * r.seconds()).sum() / seconds,
                rounds.stream().mapToDouble(r -> r.subgraphCallsPerRequest() * r.requests()).sum() / Math.max(1, requests));
    }
}
