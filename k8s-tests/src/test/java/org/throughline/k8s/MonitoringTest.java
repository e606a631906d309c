package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prometheus scrapes each application where it really serves its metrics, with a token it may get. */
class MonitoringTest {

    private static final String METRICS_PATH = "/q/metrics";

    @Test
    void everyApplicationIsScrapedOnAPortAndPathItServes() {
        Manifests manifests = Kustomize.overlay("prod");
        for (String application : Repository.APPLICATIONS) {
            JsonNode service = manifests.get("Service", application);
            List<JsonNode> endpoints = new ArrayList<>();
            manifests.ofKind("ServiceMonitor").forEach(monitor -> {
                if (Labels.selects(monitor.path("spec").path("selector"), service.path("metadata").path("labels"))) {
                    monitor.path("spec").path("endpoints").forEach(endpoints::add);
                }
            });
            assertEquals(1, endpoints.size(), application + " is scraped once");
            JsonNode endpoint = endpoints.get(0);
            ApplicationConfiguration configuration = ApplicationConfiguration.of(application);
            assertTrue(configuration.packages("io.quarkus.quarkus-micrometer-registry-prometheus-"),
                    application + " serves Prometheus metrics (quarkus-micrometer-registry-prometheus)");
            assertFalse(configuration.productionValues().containsKey("quarkus.micrometer.export.prometheus.path"),
                    application + " moves its metrics off " + METRICS_PATH);
            assertEquals(METRICS_PATH, endpoint.path("path").asText());
            String targetPort = null;
            for (JsonNode port : service.path("spec").path("ports")) {
                if (port.path("name").asText().equals(endpoint.path("port").asText())) {
                    targetPort = port.path("targetPort").asText();
                }
            }
            assertEquals("http", targetPort, application + ": the scraped Service port leads to the HTTP port");
        }
    }

    @Test
    void metricsBehindATokenAreScrapedWithOneFromTheRealm() {
        Manifests manifests = Kustomize.overlay("prod");
        for (String application : Repository.APPLICATIONS) {
            var values = ApplicationConfiguration.of(application).productionValues();
            boolean anonymous = values.entrySet().stream()
                    .filter(entry -> entry.getKey().matches("quarkus\\.http\\.auth\\.permission\\..+\\.paths"))
                    .filter(entry -> "permit".equals(values.get(entry.getKey().replace(".paths", ".policy"))))
                    .anyMatch(entry -> List.of(entry.getValue().split(",")).contains(METRICS_PATH));
            assertFalse(anonymous, application + " serves its metrics anonymously: then no token is needed");
        }
        manifests.ofKind("ServiceMonitor").forEach(monitor -> monitor.path("spec").path("endpoints").forEach(
                endpoint -> {
                    JsonNode oauth2 = endpoint.path("oauth2");
                    assertTrue(oauth2.path("tokenUrl").asText().endsWith("/realms/throughline/protocol/openid-connect/token"));
                    assertEquals("throughline-oidc-clients", oauth2.path("clientSecret").path("name").asText());
                }));
        JsonNode realm = manifests.get("KeycloakRealmImport", "throughline").path("spec").path("realm");
        List<String> scrapers = new ArrayList<>();
        realm.path("clients").forEach(client -> {
            if (client.path("clientId").asText().equals("throughline-metrics")) {
                assertTrue(client.path("serviceAccountsEnabled").asBoolean());
                assertTrue(client.path("protocolMappers").toString().contains("throughline-api"),
                        "its tokens carry the audience the applications accept");
                scrapers.add(client.path("clientId").asText());
            }
        });
        assertEquals(List.of("throughline-metrics"), scrapers);
    }
}
