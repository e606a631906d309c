package org.throughline.launcher;

import org.throughline.testing.Directories;
import org.throughline.testing.FreePort;
import org.throughline.testing.KeycloakServer;
import org.throughline.testing.PostgresServer;
import org.throughline.testing.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The whole platform on one machine: one PostgreSQL server with a database per service, the three services and
 * the gateway composed over them. Closing it stops everything it started, in reverse order.
 */
public final class Platform implements AutoCloseable {

    /** Where things listen and where PostgreSQL keeps its data (null for a throw-away server). */
    public record Ports(int gateway, int plan, int kpi, int governance, int postgres, int keycloak,
                        LocalMailbox.Ports mail) {

        public static Ports standard() {
            return new Ports(8080, 8081, 8082, 8083, 15432, 8180, LocalMailbox.Ports.standard());
        }

        /**
         * Free ports, for tests that must not clash with a running platform: the services and the mail server listen
         * where the system puts them (port 0) and report it. The gateway's port is picked beforehand, since
         * governance's mails link to the gateway before the gateway, which composes over governance, can start; so is
         * Keycloak's, which its tokens name as their issuer and the services are told while it starts.
         */
        public static Ports free() {
            return new Ports(FreePort.pick(), 0, 0, 0, 0, FreePort.pick(), LocalMailbox.Ports.free());
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
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> SERVICES = List.of("plan", "kpi", "governance");

    private final Path home;
    private final Ports ports;
    private final Path dataDirectory;
    private final Path logDirectory;
    private final boolean secure;
    private Consumer<String> progress = step -> {
    };
    /** The running applications by module, a second replica as {@code <module>#2}. */
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    /** How many processes run each application; more than one stand behind a {@link ServiceBalancer} each. */
    private int replicas = 1;
    private final List<ServiceBalancer> balancers = new ArrayList<>();
    /** Applications stopped or killed on purpose, kept to be started again as they were. */
    private final Map<String, ServiceProcess> stopped = new LinkedHashMap<>();
    /** Settings added to an application's own, by module. */
    private final Map<String, Map<String, String>> extraConfig = new LinkedHashMap<>();
    /** Settings added to PostgreSQL's own. */
    private final Map<String, String> postgresSettings = new LinkedHashMap<>();
    private PostgresServer postgres;
    /** kpi-service's connector credentials, as a mounted Secret would hold them: one file per name. */
    private Path connectorCredentials;
    private KeycloakServer keycloak;
    /** Whether the Keycloak is the platform's own, to stop with it, or one it was given to share. */
    private boolean ownKeycloak;
    private LocalMailbox mailbox;
    private Supervisor supervisor;
    private String tracesEndpoint;
    private volatile boolean closed;

    /**
     * A platform to run from the packaged applications under {@code home}, secured by a real Keycloak with the
     * repository's realm. With a {@code dataDirectory} the databases survive restarts; without, they are thrown
     * away on close.
     */
    public Platform(Path home, Ports ports, Path dataDirectory, Path logDirectory) {
        this(home, ports, dataDirectory, logDirectory, true);
    }

    /**
     * As {@link #Platform(Path, Ports, Path, Path)}; {@code secure} false is the INSECURE quick start: no Keycloak,
     * and every caller is one local developer with every role.
     */
    public Platform(Path home, Ports ports, Path dataDirectory, Path logDirectory, boolean secure) {
        this.home = home;
        this.ports = ports;
        this.dataDirectory = dataDirectory;
        this.logDirectory = logDirectory;
        this.secure = secure;
    }

    /**
     * Has every application export its traces over OTLP (HTTP, protobuf) to {@code endpoint}, within a fraction of a
     * second of each span's end; call before {@link #start()}.
     */
    public Platform exportTracesTo(String endpoint) {
        this.tracesEndpoint = endpoint;
        return this;
    }

    /**
     * Signs users in through a Keycloak that already runs with the repository's realm, instead of starting one of its
     * own (the end-to-end tests share one); call before {@link #start()}. The platform leaves it running on close.
     */
    public Platform signInThrough(KeycloakServer shared) {
        this.keycloak = shared;
        return this;
    }

    /**
     * Runs {@code count} processes of each service and of the gateway, on the same databases, each application behind
     * one address that passes connections to its replicas in turn, as a Kubernetes Service does for its pods; call
     * before {@link #start()}. One (the default) runs each application alone at its address.
     */
    public Platform replicas(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, not " + count);
        }
        this.replicas = count;
        return this;
    }

    /** Tells {@code listener} each step of {@link #start()} as it completes (the local run prints them). */
    public Platform onProgress(Consumer<String> listener) {
        this.progress = listener;
        return this;
    }

    /** Starts everything and returns once the gateway serves the composed supergraph; on failure stops what started. */
    public Platform start() {
        try {
            for (int port : List.of(ports.gateway(), ports.plan(), ports.kpi(), ports.governance(), ports.mail().smtp(),
                    ports.mail().web())) {
                requireFree(port);
            }
            if (secure && keycloak == null) {
                // Keycloak starts first and slowest; the services wait for it while they start themselves.
                startKeycloak();
            }
            startPostgres();
            progress.accept("PostgreSQL is up (port " + postgres.port() + ")");
            startMailbox();
            progress.accept("the mail server is up: SMTP port " + mailbox.ports().smtp() + ", mails at "
                    + mailbox.webUrl());
            for (String service : SERVICES) {
                Map<String, String> config = new LinkedHashMap<>(Map.of(
                        "quarkus.datasource.jdbc.url", postgres.jdbcUrl(service),
                        "quarkus.datasource.username", PostgresServer.USER,
                        "quarkus.datasource.password", "",
                        // Only the gateway is for clients: subgraphs listen on the loopback interface.
                        "quarkus.http.host", "127.0.0.1"));
                config.putAll(security(service.equals("governance")));
                if (service.equals("kpi")) {
                    // The sales system's password, by reference: the demo's connector names it, never holds it.
                    config.put("throughline.kpi.connectors.secrets-dir", connectorCredentials.toString());
                }
                if (service.equals("governance")) {
                    // Governance reads plan and KPI facts through their GraphQL APIs.
                    config.put("quarkus.smallrye-graphql-client.plan.url", serviceUrl("plan"));
                    config.put("quarkus.smallrye-graphql-client.kpi.url", serviceUrl("kpi"));
                    // Notifications go to the local mail server, which keeps them; webhooks may be local receivers.
                    config.put("quarkus.mailer.host", mailbox.smtpHost());
                    config.put("quarkus.mailer.port", Integer.toString(mailbox.ports().smtp()));
                    config.put("throughline.governance.notify.link-base",
                            "http://localhost:" + ports.gateway() + "/cockpit/");
                    config.put("throughline.governance.notify.webhooks.allow-plain-http", "true");
                }
                launchReplicas(service + "-service", ports.service(service), config);
            }
            if (keycloak != null) {
                keycloak.awaitReady();
                progress.accept("Keycloak is up: " + keycloak.url() + ", realm " + KeycloakServer.REALM);
            }
            // The services start side by side; the gateway composes once they answer.
            CompletableFuture.allOf(processes.entrySet().stream()
                    .map(started -> CompletableFuture.runAsync(() -> {
                        started.getValue().awaitReady(START_TIMEOUT);
                        progress.accept(started.getKey() + " is ready");
                    }))
                    .toArray(CompletableFuture[]::new)).join();
            Map<String, String> gatewayConfig = new LinkedHashMap<>(Map.of(
                    "throughline.gateway.subgraphs.plan.url", serviceUrl("plan"),
                    "throughline.gateway.subgraphs.kpi.url", serviceUrl("kpi"),
                    "throughline.gateway.subgraphs.governance.url", serviceUrl("governance"),
                    // A local platform is a developer's: plans, the supergraph, the schema and GraphiQL may be
                    // looked at (all off in production).
                    "throughline.gateway.expose-query-plans", "true",
                    "throughline.gateway.expose-supergraph", "true",
                    "throughline.gateway.introspection", "true",
                    "throughline.gateway.graphiql", "true",
                    // The five executive questions, known to the gateway by id (persisted operations).
                    "throughline.gateway.persisted-operations.manifest",
                    home.resolve("docs/queries/persisted-operations.json").toString()));
            gatewayConfig.putAll(security(true));
            if (!secure) {
                gatewayConfig.put("quarkus.oidc.graphiql.tenant-enabled", "false");
                gatewayConfig.put("quarkus.http.auth.permission.everything-else.policy", "permit");
            }
            launchReplicas("gateway", ports.gateway(), gatewayConfig);
            for (String replica : replicasOf("gateway")) {
                processes.get(replica).awaitReady(START_TIMEOUT);
            }
            progress.accept("the gateway is ready and serves the composed supergraph");
            return this;
        } catch (RuntimeException e) {
            close();
            throw e instanceof java.util.concurrent.CompletionException && e.getCause() instanceof RuntimeException cause
                    ? cause : e;
        }
    }

    /** What every application is told about security: the realm's issuer, or the insecure quick start. */
    private Map<String, String> security(boolean usesServiceAccount) {
        Map<String, String> config = new LinkedHashMap<>();
        if (secure) {
            config.put("throughline.keycloak.url", keycloak.url());
        } else {
            config.put("throughline.security.insecure", "true");
            config.put("quarkus.oidc.tenant-enabled", "false");
            if (usesServiceAccount) {
                config.put("quarkus.oidc-client.client-enabled", "false");
            }
        }
        return config;
    }

    private synchronized void startMailbox() {
        if (closed) {
            throw new IllegalStateException("the platform was stopped while starting");
        }
        mailbox = LocalMailbox.start(ports.mail());
    }

    /** The local mail server, which keeps what governance sends; empty before {@link #start()}. */
    public Optional<LocalMailbox> mailbox() {
        return Optional.ofNullable(mailbox);
    }

    private synchronized void startKeycloak() {
        if (closed) {
            throw new IllegalStateException("the platform was stopped while starting");
        }
        Path keycloakHome = dataDirectory == null ? home.resolve("launcher/target/keycloak-home")
                : dataDirectory.resolveSibling("keycloak");
        keycloak = KeycloakServer.launch(keycloakDistribution(home), keycloakHome, ports.keycloak(),
                home.resolve(KeycloakServer.REALM_FILE), logDirectory.resolve("keycloak.log"));
        ownKeycloak = true;
    }

    /** The Keycloak distribution that the build unpacked (launcher/target/keycloak/keycloak-<version>). */
    static Path keycloakDistribution(Path home) {
        String configured = System.getProperty("throughline.keycloak.distribution");
        if (configured != null) {
            return Path.of(configured);
        }
        Path unpacked = home.resolve("launcher/target/keycloak");
        try (var entries = java.nio.file.Files.list(unpacked)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("keycloak-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Keycloak in " + unpacked
                            + ": build first with ./mvnw install -DskipTests"));
        } catch (IOException e) {
            throw new IllegalStateException("no Keycloak in " + unpacked + ": build first with ./mvnw install "
                    + "-DskipTests", e);
        }
    }

    /** The realm's Keycloak, when the platform is secured. */
    public Optional<KeycloakServer> keycloak() {
        return Optional.ofNullable(keycloak);
    }

    public boolean secure() {
        return secure;
    }

    /**
     * POSTs to one of the services' REST endpoints (the plan import, the bulk measurements) as a demo user of the
     * realm, and returns the answer's body; anything but a 2xx answer is a failure that quotes it.
     */
    public String postAs(String user, String service, String path, String contentType, Map<String, String> headers,
                         byte[] body) {
        return post(keycloak == null ? null : bearer(user), service, path, contentType, headers, body);
    }

    /**
     * As {@link #postAs}, with an Authorization header the caller already holds (from {@link #bearer}; null sends
     * none): a caller that times the request leaves signing in out of it.
     */
    public String post(String authorization, String service, String path, String contentType,
                       Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(service) + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(service + "-service answered " + response.statusCode() + " to POST "
                        + path + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("could not reach " + service + "-service: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The Authorization header of a demo user of the realm (a fresh access token). */
    public String bearer(String user) {
        return "Bearer " + keycloak().orElseThrow(() -> new IllegalStateException("the platform runs without "
                + "Keycloak")).userToken(user);
    }

    /**
     * A client of the gateway acting as a demo user of the realm (the user's own access token); in the insecure
     * quick start, the one local developer.
     */
    public GraphQLClient clientAs(String user) {
        return new GraphQLClient(gatewayUrl(), keycloak == null ? null : keycloak.userToken(user));
    }

    private synchronized void startPostgres() {
        if (closed) {
            throw new IllegalStateException("the platform was stopped while starting");
        }
        // Each process of a service may hold its pool's 20 connections (Agroal's default) at once: room for them all,
        // with some for the launcher's own clients and the benchmarks.
        postgresSettings.putIfAbsent("max_connections",
                Integer.toString(Math.max(100, 20 * SERVICES.size() * replicas + 40)));
        postgres = dataDirectory == null ? PostgresServer.startEphemeral(postgresSettings)
                : PostgresServer.startPersistent(requireFree(ports.postgres()), dataDirectory, postgresSettings);
        SERVICES.forEach(postgres::ensureDatabase);
        String salesPassword = SalesSystem.prepare(postgres);
        try {
            connectorCredentials = Files.createTempDirectory("throughline-connector-credentials");
            Files.writeString(connectorCredentials.resolve(SalesSystem.CREDENTIAL), salesPassword);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the connector credentials", e);
        }
    }

    /**
     * Starts an application at {@code port}: alone, or as {@link #replicas} processes on ports of their own behind a
     * balancer at {@code port}, the first logging where a lone one would, the others in a folder each
     * ({@code <module>-2/}).
     */
    private synchronized void launchReplicas(String module, int port, Map<String, String> config) {
        if (replicas == 1) {
            launch(module, module, port, config, logDirectory);
            return;
        }
        List<java.util.function.IntSupplier> replicaPorts = new ArrayList<>();
        for (String replica : replicasOf(module)) {
            launch(replica, module, 0, config,
                    replica.equals(module) ? logDirectory : logDirectory.resolve(replica.replace('#', '-')));
            replicaPorts.add(() -> {
                synchronized (this) {
                    ServiceProcess running = processes.get(replica);
                    if (running == null) {
                        throw new IllegalStateException(replica + " is not running");
                    }
                    return running.port();
                }
            });
        }
        balancers.add(ServiceBalancer.start(module, port, replicaPorts));
    }

    /** The names of an application's processes: its module, then {@code <module>#2} and on for further replicas. */
    private List<String> replicasOf(String module) {
        List<String> names = new ArrayList<>(List.of(module));
        for (int i = 2; i <= replicas; i++) {
            names.add(module + "#" + i);
        }
        return names;
    }

    private synchronized ServiceProcess launch(String name, String module, int port, Map<String, String> config,
                                               Path logs) {
        if (closed) {
            throw new IllegalStateException("the platform was stopped while starting");
        }
        Map<String, String> all = new LinkedHashMap<>(config);
        all.putAll(extraConfig.getOrDefault(module, Map.of()));
        // Logs on this machine are read by people: plain lines, not the production profile's JSON.
        all.put("quarkus.log.console.json.enabled", "false");
        if (tracesEndpoint != null) {
            all.put("quarkus.otel.sdk.disabled", "false");
            all.put("quarkus.otel.exporter.otlp.traces.endpoint", tracesEndpoint);
            all.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
            all.put("quarkus.otel.bsp.schedule.delay", "100ms");
        }
        ServiceProcess process = ServiceProcess.start(home, module, port, all, logs);
        processes.put(name, process);
        return process;
    }

    public String gatewayUrl() {
        return "http://localhost:" + ports.gateway() + "/graphql";
    }

    public String graphiqlUrl() {
        return "http://localhost:" + ports.gateway() + "/graphql-ui/";
    }

    public String serviceUrl(String service) {
        return "http://127.0.0.1:" + port(service) + "/graphql";
    }

    /** The port a service listens on: the one it was given, or the one it reported, waited for if need be. */
    private int port(String service) {
        if (ports.service(service) != 0) {
            return ports.service(service);
        }
        ServiceProcess process;
        synchronized (this) {
            for (ServiceBalancer balancer : balancers) {
                if (balancer.name().equals(module(service))) {
                    return balancer.port();
                }
            }
            process = processes.containsKey(module(service)) ? processes.get(module(service))
                    : stopped.get(module(service));
        }
        if (process == null) {
            throw new IllegalStateException(service + "-service was not started");
        }
        return process.port(START_TIMEOUT);
    }

    /**
     * From now on, checks the applications every {@code interval} and starts again one that exited or missed
     * {@code missesAllowed} liveness checks in a row, telling the progress listener what happened.
     */
    public synchronized Platform supervise(Duration interval, int missesAllowed) {
        if (supervisor == null && !closed) {
            supervisor = new Supervisor(new Supervisor.Watched() {
                @Override
                public Map<String, ServiceProcess> running() {
                    synchronized (Platform.this) {
                        return closed ? Map.of() : new LinkedHashMap<>(processes);
                    }
                }

                @Override
                public boolean replace(String module, ServiceProcess failed, ServiceProcess next) {
                    synchronized (Platform.this) {
                        if (closed || processes.get(module) != failed) {
                            return false;
                        }
                        if (next == null) {
                            processes.remove(module);
                        } else {
                            processes.put(module, next);
                        }
                        return true;
                    }
                }
            }, step -> progress.accept(step), interval, missesAllowed);
        }
        return this;
    }

    /** The process id of one of the applications (plan, kpi, governance, or gateway); for tests of supervision. */
    public synchronized long pid(String application) {
        ServiceProcess process = processes.get(module(application));
        if (process == null) {
            throw new IllegalArgumentException("no running application " + application);
        }
        return process.pid();
    }

    /**
     * The process name of an application named plan, kpi, governance or gateway (its first replica), or of one replica
     * of it, named as {@code plan#2}.
     */
    private static String module(String application) {
        int hash = application.indexOf('#');
        String base = hash < 0 ? application : application.substring(0, hash);
        String replica = hash < 0 ? "" : application.substring(hash);
        return (base.equals("gateway") ? base : base + "-service") + replica;
    }

    /** Stops one application (plan, kpi, governance or gateway), as an outage would; the rest keeps running. */
    public synchronized void stop(String service) {
        ServiceProcess process = processes.remove(module(service));
        if (process == null) {
            throw new IllegalArgumentException("no running service " + service);
        }
        process.close();
        stopped.put(module(service), process);
    }

    /**
     * Kills one application at once (SIGKILL), as a crash or a lost node would: nothing of it runs a moment longer,
     * no shutdown hook, no last write. {@link #startAgain} brings it back.
     */
    public synchronized void kill(String service) {
        ServiceProcess process = processes.remove(module(service));
        if (process == null) {
            throw new IllegalArgumentException("no running service " + service);
        }
        ProcessHandle.of(process.pid()).ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().join();
        });
        stopped.put(module(service), process);
    }

    /**
     * Hangs one application (SIGSTOP): it lives on, its sockets accept connections, and it answers nothing, as one
     * stuck in a full heap or a long pause would. {@link #resume} lets it go on.
     */
    public void hang(String application) {
        signal(application, "STOP");
    }

    /** Lets an application hung by {@link #hang} go on (SIGCONT). */
    public void resume(String application) {
        signal(application, "CONT");
    }

    private void signal(String application, String signal) {
        long pid = pid(application);
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + application, e);
        }
    }

    /** Starts an application stopped or killed before, as it was started, and waits until it is ready. */
    public void startAgain(String service) {
        ServiceProcess again;
        synchronized (this) {
            ServiceProcess before = stopped.remove(module(service));
            if (before == null) {
                throw new IllegalArgumentException(service + " was not stopped");
            }
            again = before.restart();
            processes.put(module(service), again);
        }
        again.awaitReady(START_TIMEOUT);
    }

    /**
     * Starts again every application stopped or killed before, the services side by side as at the start and then the
     * gateway that composes over them, and waits until each is ready: a test that stopped some puts a shared platform
     * back as it found it.
     */
    public void startStoppedAgain() {
        List<String> again;
        synchronized (this) {
            again = new ArrayList<>(stopped.keySet());
        }
        try {
            CompletableFuture.allOf(again.stream().filter(module -> !module.startsWith("gateway"))
                    .map(module -> CompletableFuture.runAsync(() -> startAgain(module.replace("-service", ""))))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        again.stream().filter(module -> module.startsWith("gateway")).forEach(this::startAgain);
    }

    /** Adds settings to an application's own, for the platform's next start (tests use it to switch timers off). */
    public synchronized Platform configure(String service, Map<String, String> settings) {
        extraConfig.computeIfAbsent(module(service), module -> new LinkedHashMap<>()).putAll(settings);
        return this;
    }

    /**
     * Adds settings to PostgreSQL's own, for the platform's next start (the load benchmark preloads
     * pg_stat_statements to count each service's statements).
     */
    public synchronized Platform configurePostgres(Map<String, String> settings) {
        postgresSettings.putAll(settings);
        return this;
    }

    /** The sales system's database, for psql: its quotes feed quote turnaround through the demo's connector. */
    public synchronized String salesDatabaseUrl() {
        return "postgresql://" + PostgresServer.USER + "@localhost:" + postgres.port() + "/" + SalesSystem.DATABASE;
    }

    synchronized PostgresServer postgres() {
        return postgres;
    }

    /** The JDBC URL of an application's database, for tests that check what it holds. */
    public synchronized String jdbcUrl(String service) {
        return postgres.jdbcUrl(service);
    }

    /** Stops, in reverse order, everything that was started; safe to call more than once and from a shutdown hook. */
    @Override
    public void close() {
        // The supervisor first, outside the lock: a restart it is waiting on must not restart anything after this.
        Supervisor watching;
        synchronized (this) {
            closed = true;
            watching = supervisor;
            supervisor = null;
        }
        if (watching != null) {
            watching.close();
        }
        stopAll();
    }

    private synchronized void stopAll() {
        balancers.forEach(ServiceBalancer::close);
        balancers.clear();
        List<ServiceProcess> started = new ArrayList<>(processes.values());
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        processes.clear();
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (connectorCredentials != null) {
            Directories.delete(connectorCredentials);
            connectorCredentials = null;
        }
        if (keycloak != null && ownKeycloak) {
            keycloak.close();
        }
        keycloak = null;
        if (mailbox != null) {
            mailbox.close();
            mailbox = null;
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
