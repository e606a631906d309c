package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the manifests tell the applications is what the applications read, and it is all they need in production.
 * The applications' keys come from their packaged builds (ApplicationConfiguration).
 */
class ConfigurationTest {

    /**
     * Keys the local run (launcher/.../Platform.java) sets that a cluster must not: the loopback binding and the
     * insecure quick start are the local machine's, the developer views are off in production (the dev overlay turns
     * them on like the local run), the persisted operations' manifest is a file of the repository.
     */
    private static final Map<String, String> LOCAL_RUN_ONLY = Map.ofEntries(
            Map.entry("quarkus.http.host",
                    "subgraphs listen on the loopback locally; in a pod NetworkPolicies say who may connect"),
            Map.entry("throughline.security.insecure", "the insecure quick start"),
            Map.entry("quarkus.oidc.tenant-enabled", "the insecure quick start"),
            Map.entry("quarkus.oidc.graphiql.tenant-enabled", "the insecure quick start"),
            Map.entry("quarkus.oidc-client.client-enabled", "the insecure quick start"),
            Map.entry("quarkus.http.auth.permission.everything-else.policy",
                    "the insecure quick start"),
            Map.entry("throughline.gateway.expose-query-plans",
                    "a developer view, off in production"),
            Map.entry("throughline.gateway.expose-supergraph",
                    "a developer view, off in production"),
            Map.entry("throughline.gateway.introspection", "a developer view, off in production"),
            Map.entry("throughline.gateway.graphiql", "a developer view, off in production"),
            Map.entry("quarkus.log.console.json.enabled",
                    "logs on a developer's machine are read by people; production logs JSON lines"),
            Map.entry("quarkus.otel.exporter.otlp.traces.protocol",
                    "the tracing test's receiver reads OTLP over HTTP; a collector takes the default, gRPC"),
            Map.entry("quarkus.otel.bsp.schedule.delay", "the tracing test wants spans at once; the default batches"),
            Map.entry("throughline.governance.notify.webhooks.allow-plain-http",
                    "the local run's webhook receivers listen on plain http; a cluster posts over https only"),
            Map.entry("throughline.gateway.persisted-operations.manifest",
                    "the executive questions of docs/queries, a file of the repository; the gateway runs without"),
            Map.entry("throughline.kpi.connectors.secrets-dir",
                    "the local run keeps the demo's connector credential in a private temporary folder; a cluster "
                            + "mounts the Secret throughline-connector-credentials at the default path"));
    private static final Pattern LOCALHOST = Pattern.compile("//(localhost|127\\.0\\.0\\.1)[:/]");
    private static final Pattern LAUNCHER_KEY = Pattern.compile("\"((?:quarkus|throughline)\\.[a-z0-9.\\-]+)\"");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvironmentVariableAndConfigMapKeyIsAKeyTheApplicationReads(String overlay) {
        Manifests manifests = Kustomize.overlay(overlay);
        List<String> unknown = new ArrayList<>();
        for (String application : Repository.APPLICATIONS) {
            ApplicationConfiguration configuration = ApplicationConfiguration.of(application);
            for (String variable : environment(manifests, application)) {
                if (configuration.keyOf(variable).isEmpty()) {
                    unknown.add(application + ": " + variable + (configuration.isBuildTime(variable)
                            ? " (a build-time property: fixed when the image was built)" : " (no such key)"));
                }
            }
        }
        assertEquals(List.of(), unknown, overlay);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everySettingTheApplicationNeedsInProductionIsSet(String overlay) {
        Manifests manifests = Kustomize.overlay(overlay);
        List<String> missing = new ArrayList<>();
        for (String application : Repository.APPLICATIONS) {
            Set<String> environment = environment(manifests, application);
            requiredInProduction(ApplicationConfiguration.of(application)).forEach((key, why) -> {
                if (environment.stream().noneMatch(variable -> ApplicationConfiguration.matches(variable, key))) {
                    missing.add(application + ": " + key + " (" + why + ")");
                }
            });
        }
        assertEquals(List.of(), missing, overlay);
    }

    @Test
    void everyApplicationNeedsItsDatabaseKeycloakAndSecretsSetInProduction() {
        // What the rules below find for today's applications: shows that they find something.
        assertTrue(requiredInProduction(ApplicationConfiguration.of("plan-service")).keySet().containsAll(Set.of(
                "quarkus.datasource.jdbc.url", "quarkus.datasource.password", "throughline.keycloak.url",
                "THROUGHLINE_DIRECTORY_CLIENT_SECRET")));
        assertTrue(requiredInProduction(ApplicationConfiguration.of("governance-service")).keySet().containsAll(Set.of(
                "quarkus.smallrye-graphql-client.plan.url", "quarkus.smallrye-graphql-client.kpi.url",
                "THROUGHLINE_GOVERNANCE_CLIENT_SECRET")));
        assertTrue(requiredInProduction(ApplicationConfiguration.of("gateway")).keySet().containsAll(Set.of(
                "throughline.gateway.subgraphs.plan.url", "throughline.gateway.subgraphs.governance.url",
                "THROUGHLINE_GATEWAY_CLIENT_SECRET")));
    }

    /** kpi-service reads connector credentials where it looks by default: the Secret must be mounted right there. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theConnectorCredentialsAreMountedWhereKpiServiceReadsThem(String overlay) {
        String folder = ApplicationConfiguration.of("kpi-service").productionValues()
                .get("throughline.kpi.connectors.secrets-dir");
        List<String> mounted = new ArrayList<>();
        Kustomize.overlay(overlay).container("kpi-service").path("volumeMounts")
                .forEach(mount -> mounted.add(mount.path("mountPath").asText()));
        assertTrue(mounted.contains(folder), folder + " is not among " + mounted);
    }

    @Test
    void aKeyIsKnownOnlyToTheApplicationThatReadsIt() {
        ApplicationConfiguration gateway = ApplicationConfiguration.of("gateway");
        ApplicationConfiguration plan = ApplicationConfiguration.of("plan-service");
        assertTrue(gateway.keyOf("THROUGHLINE_GATEWAY_SUBGRAPHS_PLAN_URL").isPresent());
        assertFalse(plan.keyOf("THROUGHLINE_GATEWAY_SUBGRAPHS_PLAN_URL").isPresent());
        assertTrue(plan.keyOf("QUARKUS_DATASOURCE_JDBC_URL").isPresent());
        assertFalse(gateway.keyOf("QUARKUS_DATASOURCE_JDBC_URL").isPresent(), "the gateway has no database");
        assertFalse(plan.keyOf("QUARKUS_DATASOURCE_JDBC_URLS").isPresent());
        assertTrue(plan.isBuildTime("QUARKUS_DATASOURCE_DB_KIND"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyConfigMapIsReadByAnApplication(String overlay) {
        Manifests manifests = Kustomize.overlay(overlay);
        Set<String> read = new TreeSet<>();
        for (String application : Repository.APPLICATIONS) {
            manifests.container(application).path("envFrom")
                    .forEach(source -> read.add(source.path("configMapRef").path("name").asText()));
        }
        Set<String> configMaps = new TreeSet<>();
        manifests.ofKind("ConfigMap").forEach(configMap -> configMaps.add(Manifests.name(configMap)));
        assertEquals(configMaps, read);
    }

    /** The environment variables a container gets: its env and the keys of the ConfigMaps it takes whole. */
    static Set<String> environment(Manifests manifests, String application) {
        JsonNode container = manifests.container(application);
        Set<String> names = new TreeSet<>();
        container.path("env").forEach(variable -> names.add(variable.path("name").asText()));
        container.path("envFrom").forEach(source -> {
            assertTrue(source.has("configMapRef"), application + " takes a whole Secret as environment: " + source);
            manifests.get("ConfigMap", source.path("configMapRef").path("name").asText()).path("data").fieldNames()
                    .forEachRemaining(names::add);
        });
        return names;
    }

    /**
     * What an application needs set in production, with why: an environment variable whose default is dev-only
     * (a client secret), a value that points at the local machine (a database, Keycloak, another service), a key only
     * the dev profile sets, and what the local run sets for it (less {@link #LOCAL_RUN_ONLY}).
     */
    static Map<String, String> requiredInProduction(ApplicationConfiguration configuration) {
        Map<String, String> required = new TreeMap<>();
        configuration.productionValues().forEach((key, value) -> {
            Matcher environment = ApplicationConfiguration.environmentExpression().matcher(value);
            while (environment.find()) {
                if (environment.group(3) != null && environment.group(3).startsWith("dev-only")) {
                    required.put(environment.group(1), "its default is " + environment.group(3));
                }
            }
            if (LOCALHOST.matcher(value).find()) {
                required.put(key, "its value points at the local machine: " + value);
            }
        });
        Set<String> production = configuration.productionValues().keySet();
        configuration.settings().stream()
                .filter(setting -> setting.profile() != null && setting.profile().contains("dev"))
                .filter(setting -> !production.contains(setting.key()))
                .forEach(setting -> required.put(setting.key(), "only the dev profile sets it"));
        for (String key : launcherKeys()) {
            String variable = key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
            if (!LOCAL_RUN_ONLY.containsKey(key) && configuration.keyOf(variable).isPresent()) {
                required.putIfAbsent(key, "the local run sets it (Platform.java)");
            }
        }
        return required;
    }

    private static Set<String> launcherKeys() {
        try {
            String platform = Files.readString(Repository.root()
                    .resolve("launcher/src/main/java/org/throughline/launcher/Platform.java"));
            Set<String> keys = new TreeSet<>();
            Matcher key = LAUNCHER_KEY.matcher(platform);
            while (key.find()) {
                keys.add(key.group(1));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
