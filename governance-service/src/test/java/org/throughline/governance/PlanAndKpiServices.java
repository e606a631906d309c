package org.throughline.governance;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.PostgresServer;
import org.throughline.testing.ServiceProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The real plan-service and kpi-service, as packaged, for governance to read from: each a process with its own
 * database on the tests' PostgreSQL. Governance is pointed at them; the tests create milestones and KPIs through them.
 * Like that PostgreSQL, they are started once and live until the JVM exits: Quarkus restarts for each distinct set
 * of test resources, and their databases outlive the restarts anyway. A test that stops or hangs one lets it go on.
 */
public class PlanAndKpiServices implements QuarkusTestResourceLifecycleManager {

    public static final String PLAN_URL = "quarkus.smallrye-graphql-client.plan.url";
    public static final String KPI_URL = "quarkus.smallrye-graphql-client.kpi.url";
    /** kpi-service's database, for a test that runs a second replica of it. */
    public static final String KPI_DATABASE = "governance_kpi";

    private static volatile Map<String, ServiceProcess> running = Map.of();

    /** The running process of "plan-service" or "kpi-service", for a test that stops or hangs it. */
    static ServiceProcess process(String module) {
        ServiceProcess process = running.get(module);
        if (process == null) {
            throw new IllegalStateException(module + " is not running for this test");
        }
        return process;
    }

    @Override
    public Map<String, String> start() {
        Map<String, ServiceProcess> services = shared();
        return Map.of(PLAN_URL, services.get("plan-service").url("/graphql"),
                KPI_URL, services.get("kpi-service").url("/graphql"));
    }

    /** The two services of this JVM, started on first use on ports the system chooses. */
    private static synchronized Map<String, ServiceProcess> shared() {
        if (!running.isEmpty()) {
            return running;
        }
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
        running = Map.of("plan-service", plan, "kpi-service", kpi);
        return running;
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
