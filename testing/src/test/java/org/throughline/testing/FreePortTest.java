package org.throughline.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

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
        // Hold many ports below the range; none of them may come back.
        Set<Integer> held = new HashSet<>();
        java.util.List<ServerSocket> sockets = new java.util.ArrayList<>();
        try {
            for (int port = FreePort.LOWEST; port < FreePort.LOWEST + 200; port++) {
                try {
                    ServerSocket socket = new ServerSocket();
                    socket.bind(new InetSocketAddress(port));
                    sockets.add(socket);
                    held.add(port);
                } catch (IOException taken) {
                    held.add(port);
                }
            }
            for (int i = 0; i < 200; i++) {
                int port = FreePort.pick();
                assertTrue(!held.contains(port), port + " is in use");
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
