package org.throughline.governance;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.JvmShared;
import org.throughline.testing.PostgresServer;
import org.throughline.testing.ServiceProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The real plan-service and kpi-service, as packaged, for governance to read from: each a process with its own
 * database on the tests' PostgreSQL. Governance is pointed at them; the tests create milestones and KPIs through them.
 * Like that PostgreSQL, they are started once per JVM and live until it exits: Quarkus restarts for each distinct set
 * of test resources or profile, and their databases outlive the restarts anyway. A test that stops or hangs one lets
 * it go on.
 */
public class PlanAndKpiServices implements QuarkusTestResourceLifecycleManager {

    public static final String PLAN_URL = "quarkus.smallrye-graphql-client.plan.url";
    public static final String KPI_URL = "quarkus.smallrye-graphql-client.kpi.url";
    /** kpi-service's database, for a test that runs a second replica of it. */
    public static final String KPI_DATABASE = "governance_kpi";

    /** Per module its URL and process id, kept once per JVM (see {@link JvmShared}) as "url pid". */
    private static final String RUNNING = "throughline.test.governance.upstreams";

    /** The running process of "plan-service" or "kpi-service", for a test that stops or hangs it. */
    static ProcessHandle process(String module) {
        long pid = Long.parseLong(shared().get(module).split(" ")[1]);
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(module + " is not running"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> services = shared();
        return Map.of(PLAN_URL, services.get("plan-service").split(" ")[0],
                KPI_URL, services.get("kpi-service").split(" ")[0]);
    }

    /**
     * The two services of this JVM, started on first use on ports the system chooses: once for every Quarkus restart
     * and class loader, since their databases outlive the restarts anyway.
     */
    private static Map<String, String> shared() {
        String[] kept = JvmShared.once(RUNNING, PlanAndKpiServices::startBoth).split(",");
        return Map.of("plan-service", kept[0], "kpi-service", kept[1]);
    }

    private static String startBoth() {
        PostgresServer postgres = EmbeddedPostgresResource.sharedServer();
        postgres.ensureDatabase("governance_plan");
        postgres.ensureDatabase(KPI_DATABASE);
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path logs = Path.of("target", "upstream-logs");
        ServiceProcess plan = ServiceProcess.start(home, "plan-service", 0, database(postgres, "governance_plan"), logs);
        ServiceProcess kpi = ServiceProcess.start(home, "kpi-service", 0, database(postgres, KPI_DATABASE), logs);
        List<ServiceProcess> services = List.of(plan, kpi);
        try {
            CompletableFuture.allOf(services.stream().map(service -> CompletableFuture.runAsync(
                    () -> service.awaitReady(Duration.ofSeconds(180)))).toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            services.forEach(ServiceProcess::close);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> services.forEach(ServiceProcess::close),
                "plan-and-kpi-services-stop"));
        return services.stream().map(service -> service.url("/graphql") + " " + service.pid())
                .collect(Collectors.joining(","));
    }

    /**
     * The database of the service, and the insecure quick start: these tests are about governance's logic, which
     * here runs the same way (every caller the local developer); security is proven against a real Keycloak by the
     * launcher's AccessControlIT.
     */
    private static Map<String, String> database(PostgresServer postgres, String name) {
        return Map.of("quarkus.datasource.jdbc.url", postgres.jdbcUrl(name),
                "quarkus.datasource.username", PostgresServer.USER, "quarkus.datasource.password", "",
                "throughline.security.insecure", "true", "quarkus.oidc.tenant-enabled", "false");
    }

    @Override
    public void stop() {
        // The services live until the JVM exits: the next test class reuses them.
    }
}
