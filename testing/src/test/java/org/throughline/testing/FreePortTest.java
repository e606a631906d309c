package org.throughline.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortTest {

    @Test
    void portsComeFromBelowTheRangeTheSystemGivesOutgoingConnectionsAreFreeAndNeverHandedOutTwice()
            throws IOException {
        int ephemeral = FreePort.ephemeralRangeStart();
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePort.pick();
            assertTrue(port >= FreePort.LOWEST && port < ephemeral,
                    port + " is outside [" + FreePort.LOWEST + ", " + ephemeral + ")");
            assertTrue(picked.add(port), port + " was handed out twice");
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
            }
        }
    }

    @Test
    void aPortSomethingListensOnIsNeverPicked() throws IOException {
        // Five ports in a row, four of them held: of those five, only the fifth may be picked, whatever the draws.
        for (int first = 20_000; first < 30_000; first += 5) {
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int port = first; port < first + 4; port++) {
                    held.add(bound(port));
                }
                int free = first + 4;
                if (FreePort.HANDED_OUT.contains(free) || !bindable(free)) {
                    continue;
                }
                assertEquals(free, FreePort.pick(first, first + 5));
                return;
            } catch (IOException taken) {
                // Something else listens in this row: try the next.
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
        }
        throw new AssertionError("no row of five ports to hold between 20000 and 30000");
    }

    private static ServerSocket bound(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = bound(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
