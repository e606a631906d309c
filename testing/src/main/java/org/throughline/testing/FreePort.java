package org.throughline.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP port that is free now, for a process that starts to listen on it seconds later.
 *
 * <p>The port is taken from below the operating system's ephemeral range, never from inside it. The system gives
 * ports from that range to outgoing connections (JDBC, HTTP clients, Keycloak's), and a service needs seconds to
 * start. A port from inside the range could be taken in that time by a connection: once a launcher test failed
 * when plan-service found its port in use. No port is handed out twice by one JVM.
 */
public final class FreePort {

    /** The lowest port handed out. */
    static final int LOWEST = 10_000;
    /** Where the ephemeral range starts when the system does not say: IANA's dynamic ports. */
    private static final int IANA_EPHEMERAL = 49_152;
    private static final Path LINUX_EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int pick() {
        return pick(LOWEST, ephemeralRangeStart());
    }

    /** A free port from {@code lowest} up to {@code below}, one the system picks when none is found there. */
    static int pick(int lowest, int below) {
        for (int attempt = 0; attempt < 1_000 && below > lowest; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(lowest, below);
            if (isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        // No room below the range (or all of it taken): one the system picks.
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** The first port of the range the system gives to outgoing connections. */
    static int ephemeralRangeStart() {
        // Line by line: procfs files report a size of 0 (a whole-file read gave a wrong number here).
        try (BufferedReader reader = Files.newBufferedReader(LINUX_EPHEMERAL_RANGE)) {
            return Integer.parseInt(reader.readLine().strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return IANA_EPHEMERAL;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
