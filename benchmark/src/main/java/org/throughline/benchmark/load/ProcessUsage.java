package org.throughline.benchmark.load;

import org.throughline.benchmark.ProcessTree;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the platform's processes use: their resident memory, sampled every second while the benchmark runs (for
 * each, the peak of its tree's proportional memory, Pss, shared pages counted once, and at the end the tree's
 * VmHWM), and the CPU time each has used so far.
 */
final class ProcessUsage implements AutoCloseable {

    /** One process of the platform, with the workload whose limit applies and the JVM settings of both runs. */
    record Watched(String name, ProcessTree tree, String workload, String localSettings, String clusterSettings) {
    }

    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private final Map<String, Long> peaks = new LinkedHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    ProcessUsage watch(Watched process) {
        watched.put(process.name(), process);
        peaks.put(process.name(), 0L);
        return this;
    }

    ProcessUsage start() {
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    private synchronized void sample() {
        watched.forEach((name, process) -> peaks.merge(name, process.tree().proportionalMiB(), Math::max));
    }

    /** Each process: its peak proportional memory so far and its VmHWM now, in MiB. */
    synchronized Map<Watched, long[]> peaks() {
        Map<Watched, long[]> result = new LinkedHashMap<>();
        watched.forEach((name, process) -> result.put(process,
                new long[]{peaks.get(name), process.tree().peakResidentMiB()}));
        return result;
    }

    /** The CPU time each process tree has used so far, by name. */
    Map<String, Duration> cpu() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        watched.forEach((name, process) -> cpu.put(name, process.tree().cpu()));
        return cpu;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
