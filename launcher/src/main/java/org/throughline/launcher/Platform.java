package org.throughline.launcher;

import org.throughline.testing.FreePort;
import org.throughline.testing.PostgresServer;
import org.throughline.testing.ServiceProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform on one machine: one PostgreSQL server with a database per service, the three services and
 * the gateway composed over them. Closing it stops everything it started, in reverse order.
 */
public final class Platform implements AutoCloseable {

    /** Where things listen and where PostgreSQL keeps its data (null for a throw-away server). */
    public record Ports(int gateway, int plan, int kpi, int governance, int postgres) {

        public static Ports standard() {
            return new Ports(8080, 8081, 8082, 8083, 15432);
        }

        /** Free ports picked by the operating system, for tests that must not clash with a running platform. */
        public static Ports free() {
            return new Ports(FreePort.pick(), FreePort.pick(), FreePort.pick(), FreePort.pick(), 0);
        }

        /** The port of one of the services: plan, kpi or governance. */
        public int service(String name) {
            return switch (name) {
                case "plan" -> plan;
                case "kpi" -> kpi;
                case "governance" -> governance;
                default -> throw new IllegalArgumentException("no service " + name);
            };
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final List<String> SERVICES = List.of("plan", "kpi", "governance");

    private final Path home;
    private final Ports ports;
    private final Path dataDirectory;
    private final Path logDirectory;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private PostgresServer postgres;
    private volatile boolean closed;

    /**
     * A platform to run from the packaged applications under {@code home}. With a {@code dataDirectory} the
     * databases survive restarts; without, they are thrown away on close.
     */
    public Platform(Path home, Ports ports, Path dataDirectory, Path logDirectory) {
        this.home = home;
        this.ports = ports;
        this.dataDirectory = dataDirectory;
        this.logDirectory = logDirectory;
    }

    /** Starts everything and returns once the gateway serves the composed supergraph; on failure stops what started. */
    public Platform start() {
        try {
            for (int port : List.of(ports.gateway(), ports.plan(), ports.kpi(), ports.governance())) {
                requireFree(port);
            }
            startPostgres();
            for (String service : SERVICES) {
                Map<String, String> config = new LinkedHashMap<>(Map.of(
                        "quarkus.datasource.jdbc.url", postgres.jdbcUrl(service),
                        "quarkus.datasource.username", PostgresServer.USER,
                        "quarkus.datasource.password", ""));
                if (service.equals("governance")) {
                    // Governance reads plan and KPI facts through their GraphQL APIs.
                    config.put("quarkus.smallrye-graphql-client.plan.url", serviceUrl("plan"));
                    config.put("quarkus.smallrye-graphql-client.kpi.url", serviceUrl("kpi"));
                }
                launch(service + "-service", ports.service(service), config);
            }
            // The services start side by side; the gateway composes once they answer.
            List<ServiceProcess> services = List.copyOf(processes.values());
            CompletableFuture.allOf(services.stream()
                    .map(process -> CompletableFuture.runAsync(() -> process.awaitReady(START_TIMEOUT)))
                    .toArray(CompletableFuture[]::new)).join();
            ServiceProcess gateway = launch("gateway", ports.gateway(), Map.of(
                    "throughline.gateway.subgraphs.plan.url", serviceUrl("plan"),
                    "throughline.gateway.subgraphs.kpi.url", serviceUrl("kpi"),
                    "throughline.gateway.subgraphs.governance.url", serviceUrl("governance"),
                    // A local platform is a developer's: plans and the supergraph may be looked at.
                    "throughline.gateway.expose-query-plans", "true",
                    "throughline.gateway.expose-supergraph", "true"));
            gateway.awaitReady(START_TIMEOUT);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e instanceof java.util.concurrent.CompletionException && e.getCause() instanceof RuntimeException cause
                    ? cause : e;
        }
    }

    private synchronized void startPostgres() {
        if (closed) {
            throw new IllegalStateException("the platform was stopped while starting");
        }
        postgres = dataDirectory == null ? PostgresServer.startEphemeral()
                : PostgresServer.startPersistent(requireFree(ports.postgres()), dataDirectory);
        SERVICES.forEach(postgres::ensureDatabase);
    }

    private synchronized ServiceProcess launch(String module, int port, Map<String, String> config) {
        if (closed) {
            throw new IllegalStateException("the platform was stopped while starting");
        }
        ServiceProcess process = ServiceProcess.start(home, module, port, config, logDirectory);
        processes.put(module, process);
        return process;
    }

    public String gatewayUrl() {
        return "http://localhost:" + ports.gateway() + "/graphql";
    }

    public String graphiqlUrl() {
        return "http://localhost:" + ports.gateway() + "/graphql-ui/";
    }

    public String serviceUrl(String service) {
        return "http://localhost:" + ports.service(service) + "/graphql";
    }

    /** Stops one service (plan, kpi or governance), as an outage would; the rest keeps running. */
    public synchronized void stop(String service) {
        ServiceProcess process = processes.remove(service + "-service");
        if (process == null) {
            throw new IllegalArgumentException("no running service " + service);
        }
        process.close();
    }

    /** Stops, in reverse order, everything that was started; safe to call more than once and from a shutdown hook. */
    @Override
    public synchronized void close() {
        closed = true;
        List<ServiceProcess> started = new ArrayList<>(processes.values());
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        processes.clear();
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use: stop what listens there first", e);
        }
    }
}
