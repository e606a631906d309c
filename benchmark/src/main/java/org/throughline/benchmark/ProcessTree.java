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
record ProcessTree(long pid) {

    private Stream<ProcessHandle> members() {
        return ProcessHandle.of(pid).stream().flatMap(root -> Stream.concat(Stream.of(root), root.descendants()));
    }

    /** CPU time (user and system) used so far by the processes of the tree alive now. */
    Duration cpu() {
        return members().map(member -> member.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Resident memory (VmRSS) of the tree now, in MiB; 0 where /proc does not tell. */
    long residentMiB() {
        return members().mapToLong(member -> residentKiB(member.pid())).sum() / 1024;
    }

    private static long residentKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return 0;
    }
}
