package org.throughline.gateway.http;

import jakarta.enterprise.context.ApplicationScoped;
import org.throughline.gateway.GatewayConfig;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What long-lived streams one client may hold at once, across WebSockets and HTTP streams: connections per client
 * address, and operations per signed-in user. A stream beyond either is refused; each place taken is given back when
 * its stream ends.
 */
@ApplicationScoped
public class StreamQuotas {

    private final int connectionsPerAddress;
    private final int operationsPerUser;
    private final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> operations = new ConcurrentHashMap<>();

    public StreamQuotas(GatewayConfig config) {
        this.connectionsPerAddress = config.subscriptions().maxConnectionsPerAddress();
        this.operationsPerUser = config.subscriptions().maxPerUser();
    }

    /** Takes a connection's place for the address; false when it holds as many as it may. */
    boolean openConnection(String address) {
        return take(connections, address, connectionsPerAddress);
    }

    void closeConnection(String address) {
        give(connections, address);
    }

    /** Takes an operation's place for the user (null: not signed in, not counted); false when it is full. */
    boolean startOperation(String user) {
        return user == null || take(operations, user, operationsPerUser);
    }

    void endOperation(String user) {
        if (user != null) {
            give(operations, user);
        }
    }

    int connectionsPerAddress() {
        return connectionsPerAddress;
    }

    int operationsPerUser() {
        return operationsPerUser;
    }

    /** The client's address, as Quarkus has it (the forwarded one when told to read X-Forwarded-For). */
    static String address(io.vertx.ext.web.RoutingContext context) {
        io.vertx.core.net.SocketAddress remote = context.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    /** Answers a stream that its address cannot open: 429, with a GraphQL error. */
    static void refuseConnection(io.vertx.ext.web.RoutingContext context, com.fasterxml.jackson.databind.ObjectMapper json,
                                 int limit) {
        String body;
        try {
            body = json.writeValueAsString(java.util.Map.of("errors", java.util.List.of(
                    org.throughline.edge.Refusal.graphqlError("your address holds " + limit + " streams open already, "
                            + "as many as one may", "TOO_MANY_CONNECTIONS", null))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response().setStatusCode(429).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Retry-After", "1").end(body);
    }

    private static boolean take(ConcurrentHashMap<String, Integer> counts, String key, int limit) {
        boolean[] taken = {false};
        counts.compute(key, (k, held) -> {
            int now = held == null ? 0 : held;
            if (now >= limit) {
                return held;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private static void give(ConcurrentHashMap<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, held) -> held <= 1 ? null : held - 1);
    }
}
