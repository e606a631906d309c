package org.throughline.launcher;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServiceBalancerTest {

    private final List<HttpServer> replicas = new ArrayList<>();
    private ServiceBalancer balancer;

    @AfterEach
    void stop() {
        if (balancer != null) {
            balancer.close();
        }
        replicas.forEach(server -> server.stop(0));
    }

    /** A replica that answers every request with its name and the request body it read. */
    private IntSupplier replica(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = (name + ":" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        replicas.add(server);
        int port = server.getAddress().getPort();
        return () -> port;
    }

    /** One request on a connection of its own, as a client whose pool opens a new connection would send it. */
    private String post(String body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), balancer.port())) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void newConnectionsGoToTheReplicasInTurnAndEachAnswerComesBackWhole() throws IOException {
        balancer = ServiceBalancer.start("plan", 0, List.of(replica("first"), replica("second")));
        Map<String, Integer> answeredBy = new HashMap<>();
        String large = "x".repeat(300_000);
        for (int i = 0; i < 10; i++) {
            String answer = post(large);
            String by = answer.substring(0, answer.indexOf(':'));
            assertEquals(by + ":" + large, answer);
            answeredBy.merge(by, 1, Integer::sum);
        }
        assertEquals(Map.of("first", 5, "second", 5), answeredBy);
        assertArrayEquals(new long[] {5, 5}, balancer.connectionsPerReplica());
    }

    @Test
    void aReplicaThatRefusesConnectionsIsPassedOverForTheNext() throws IOException {
        IntSupplier stopped = replica("stopped");
        replicas.remove(0).stop(0);
        balancer = ServiceBalancer.start("kpi", 0, List.of(stopped, replica("running")));
        for (int i = 0; i < 4; i++) {
            assertEquals("running:ping", post("ping"));
        }
        assertArrayEquals(new long[] {0, 4}, balancer.connectionsPerReplica());
    }

    @Test
    void whenNoReplicaTakesTheConnectionTheClientIsClosedNotLeftWaiting() throws IOException {
        IntSupplier stopped = replica("stopped");
        replicas.remove(0).stop(0);
        balancer = ServiceBalancer.start("governance", 0, List.of(stopped));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), balancer.port())) {
            socket.setSoTimeout(30_000);
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @Test
    void aBalancerWithoutReplicasIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ServiceBalancer.start("plan", 0, List.of()));
        assertEquals("plan: a balancer needs at least one replica", refused.getMessage());
    }
}
