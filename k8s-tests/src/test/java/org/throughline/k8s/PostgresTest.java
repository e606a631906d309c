package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each service has its own CloudNativePG cluster, database and role; production replicates and backs them up. */
class PostgresTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceReadsItsOwnDatabaseWithTheOperatorsCredentials(String overlay) {
        Manifests manifests = Kustomize.overlay(overlay);
        Set<String> databases = new TreeSet<>();
        Set<String> owners = new TreeSet<>();
        for (String service : Repository.SUBGRAPHS) {
            String cluster = service.replace("-service", "-db");
            JsonNode initdb = manifests.get("Cluster", cluster).path("spec").path("bootstrap").path("initdb");
            databases.add(initdb.path("database").asText());
            owners.add(initdb.path("owner").asText());
            String url = manifests.get("ConfigMap", service).path("data").path("QUARKUS_DATASOURCE_JDBC_URL").asText();
            URI uri = URI.create(url.substring("jdbc:".length()));
            assertEquals(cluster + "-rw", uri.getHost(), service + " writes to its cluster's primary");
            assertEquals("/" + initdb.path("database").asText(), uri.getPath());
            assertTrue(uri.getQuery().contains("sslmode=verify-full"), service + " checks the server's certificate");
            JsonNode container = manifests.container(service);
            assertEquals(cluster + "-app", secretOf(container, "QUARKUS_DATASOURCE_USERNAME"), service);
            assertEquals(cluster + "-app", secretOf(container, "QUARKUS_DATASOURCE_PASSWORD"), service);
            JsonNode ca = null;
            for (JsonNode volume : WorkloadTest.pod(manifests, service).path("volumes")) {
                if (volume.path("secret").path("secretName").asText().equals(cluster + "-ca")) {
                    ca = volume.path("secret");
                }
            }
            assertTrue(ca != null, service + " mounts its cluster's CA");
            assertEquals("[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]", ca.path("items").toString(),
                    "only the certificate, never the CA's key");
        }
        assertEquals(3, databases.size(), "one database per service");
        assertEquals(3, owners.size(), "one role per service");
        JsonNode keycloakDb = manifests.get("Keycloak", "keycloak").path("spec").path("db");
        assertEquals("keycloak-db-rw", keycloakDb.path("host").asText());
        assertEquals("keycloak-db-app", keycloakDb.path("passwordSecret").path("name").asText());
        manifests.get("Cluster", "keycloak-db");
    }

    private static String secretOf(JsonNode container, String variable) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(variable)) {
                return env.path("valueFrom").path("secretKeyRef").path("name").asText();
            }
        }
        return null;
    }

    @Test
    void productionRunsThreeInstancesWithSynchronousCommitAndBackups() {
        Manifests manifests = Kustomize.overlay("prod");
        Set<String> scheduled = new TreeSet<>();
        manifests.ofKind("ScheduledBackup").forEach(backup -> {
            assertEquals("plugin", backup.path("spec").path("method").asText());
            assertEquals("barman-cloud.cloudnative-pg.io", backup.path("spec").path("pluginConfiguration")
                    .path("name").asText());
            scheduled.add(backup.path("spec").path("cluster").path("name").asText());
        });
        Set<String> clusters = new TreeSet<>();
        manifests.ofKind("Cluster").forEach(cluster -> {
            String name = Manifests.name(cluster);
            clusters.add(name);
            JsonNode spec = cluster.path("spec");
            assertEquals(3, spec.path("instances").asInt(), name);
            assertEquals(1, spec.path("postgresql").path("synchronous").path("number").asInt(), name);
            JsonNode plugin = spec.path("plugins").get(0);
            assertEquals("barman-cloud.cloudnative-pg.io", plugin.path("name").asText(), name);
            assertTrue(plugin.path("isWALArchiver").asBoolean(), name + " archives its WAL");
            JsonNode store = manifests.get("ObjectStore", plugin.path("parameters").path("barmanObjectName").asText());
            JsonNode configuration = store.path("spec").path("configuration");
            assertTrue(configuration.path("destinationPath").asText().matches("(s3|gs|https)://.+"));
            assertFalse(configuration.path("s3Credentials").path("accessKeyId").path("name").asText().isEmpty(),
                    "the object store's credentials come from a Secret");
        });
        assertEquals(Set.of("plan-db", "kpi-db", "governance-db", "keycloak-db"), clusters);
        assertEquals(clusters, scheduled, "every cluster has a scheduled base backup");
    }

    @Test
    void devRunsOneInstanceWithoutBackups() {
        Manifests manifests = Kustomize.overlay("dev");
        manifests.ofKind("Cluster").forEach(cluster -> {
            assertEquals(1, cluster.path("spec").path("instances").asInt());
            assertFalse(cluster.path("spec").has("plugins"));
        });
        assertEquals(0, manifests.ofKind("ScheduledBackup").count());
    }
}
