package org.throughline.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A process with all its descendants, read from /proc: what a gateway costs in CPU time and resident memory even
 * when its start command runs it as a child (a CLI that starts the server, a Node.js launcher).
 */
public record ProcessTree(long pid) {

    private Stream<ProcessHandle> members() {
        return ProcessHandle.of(pid).stream().flatMap(root -> Stream.concat(Stream.of(root), root.descendants()));
    }

    /** CPU time (user and system) used so far by the processes of the tree alive now. */
    public Duration cpu() {
        return members().map(member -> member.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Resident memory (VmRSS) of the tree now, in MiB; 0 where /proc does not tell. */
    public long residentMiB() {
        return members().mapToLong(member -> statusKiB(member.pid(), "VmRSS:")).sum() / 1024;
    }

    /**
     * Resident memory of the tree now with each shared page counted once (the sum of the members' Pss), in MiB: what
     * a container's memory use counts for a server of many processes sharing memory, such as PostgreSQL.
     */
    public long proportionalMiB() {
        return members().mapToLong(member -> proportionalKiB(member.pid())).sum() / 1024;
    }

    /** The highest resident memory (VmHWM) of each member alive now, summed, in MiB. */
    public long peakResidentMiB() {
        return members().mapToLong(member -> statusKiB(member.pid(), "VmHWM:")).sum() / 1024;
    }

    private static long statusKiB(long pid, String field) {
        return kibibytes(Path.of("/proc", String.valueOf(pid), "status"), field);
    }

    private static long proportionalKiB(long pid) {
        long pss = kibibytes(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), "Pss:");
        return pss > 0 ? pss : statusKiB(pid, "VmRSS:");
    }

    private static long kibibytes(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return 0;
    }
}
