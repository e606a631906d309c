package org.throughline.benchmark.load;

import org.throughline.benchmark.ProcessTree;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The resident memory of the platform's processes, sampled every second while the benchmark runs: for each, the
 * peak of its tree's proportional memory (Pss, shared pages counted once) and, at the end, the tree's VmHWM.
 */
final class ProcessMemory implements AutoCloseable {

    /** One process of the platform, with the workload whose limit applies and the JVM settings of both runs. */
    record Watched(String name, ProcessTree tree, String workload, String localSettings, String clusterSettings) {
    }

    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private final Map<String, Long> peaks = new LinkedHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    ProcessMemory watch(Watched process) {
        watched.put(process.name(), process);
        peaks.put(process.name(), 0L);
        return this;
    }

    ProcessMemory start() {
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

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
