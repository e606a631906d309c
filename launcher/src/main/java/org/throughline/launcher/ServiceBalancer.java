package org.throughline.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/**
 * One address in front of the replicas of a service, as a Kubernetes Service is in front of its pods: each new TCP
 * connection goes to the next replica in turn, and a replica that refuses the connection (stopped, restarting) is
 * passed over for the next. Like kube-proxy it balances connections, not requests, so a client that keeps its
 * connections open (the gateway's pool, a WebSocket) stays with the replica it reached first, and it does not look
 * inside: HTTP, WebSockets and anything else pass through unchanged.
 */
public final class ServiceBalancer implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int BUFFER = 64 * 1024;

    private final String name;
    private final List<IntSupplier> replicaPorts;
    private final ServerSocket server;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ServiceBalancer(String name, List<IntSupplier> replicaPorts, ServerSocket server) {
        this.name = name;
        this.replicaPorts = List.copyOf(replicaPorts);
        this.server = server;
        this.connections = new AtomicLongArray(replicaPorts.size());
    }

    /**
     * Listens on the loopback interface at {@code port} (0 for one the system picks) and passes each connection to one
     * of the replicas, whose ports are asked for at each connection (a replica started again may listen elsewhere).
     */
    public static ServiceBalancer start(String name, int port, List<IntSupplier> replicaPorts) {
        if (replicaPorts.isEmpty()) {
            throw new IllegalArgumentException(name + ": a balancer needs at least one replica");
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            ServiceBalancer balancer = new ServiceBalancer(name, replicaPorts, server);
            Thread acceptor = new Thread(balancer::accept, name + "-balancer");
            acceptor.setDaemon(true);
            acceptor.start();
            return balancer;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": could not listen on port " + port, e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** How many connections each replica was given so far, in the order the replicas were named. */
    public long[] connectionsPerReplica() {
        long[] counts = new long[connections.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = connections.get(i);
        }
        return counts;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            Thread connecting = new Thread(() -> connect(client), name + "-connection");
            connecting.setDaemon(true);
            connecting.start();
        }
    }

    /** Connects the client to the next replica that takes the connection, or closes it when none does. */
    private void connect(Socket client) {
        int first = Math.floorMod(next.getAndIncrement(), replicaPorts.size());
        for (int attempt = 0; attempt < replicaPorts.size() && !closed; attempt++) {
            int replica = (first + attempt) % replicaPorts.size();
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        replicaPorts.get(replica).getAsInt()), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException | RuntimeException refused) {
                closeQuietly(upstream);
                continue;
            }
            connections.incrementAndGet(replica);
            relay(client, upstream);
            return;
        }
        closeQuietly(client);
    }

    private void relay(Socket client, Socket upstream) {
        open.add(client);
        open.add(upstream);
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        } catch (SocketException ignored) {
            // Only latency is at stake.
        }
        AtomicInteger directions = new AtomicInteger(2);
        Thread back = new Thread(() -> copy(upstream, client, directions), name + "-relay");
        back.setDaemon(true);
        back.start();
        copy(client, upstream, directions);
    }

    /**
     * Copies one direction until its end and passes the end on (a half close), as TCP does; a reset on either side
     * cuts both. The last direction to end closes both sockets.
     */
    private void copy(Socket from, Socket to, AtomicInteger directions) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read; (read = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, read);
            }
            to.shutdownOutput();
        } catch (IOException cut) {
            closeQuietly(from);
            closeQuietly(to);
        } finally {
            if (directions.decrementAndGet() == 0) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do.
        }
    }

    /** Stops listening and cuts every connection it relays. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        open.forEach(this::closeQuietly);
    }
}
