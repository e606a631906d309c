package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each application runs as production expects in every overlay: probed on the Quarkus health endpoints, sized,
 * hardened, spread, with its Service, ConfigMap, ServiceAccount, PodDisruptionBudget and HorizontalPodAutoscaler.
 */
class WorkloadTest {

    static Stream<Arguments> applications() {
        return Repository.OVERLAYS.stream()
                .flatMap(overlay -> Repository.APPLICATIONS.stream().map(app -> Arguments.of(overlay, app)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("applications")
    void probesAreTheQuarkusHealthEndpointsOnThePortTheApplicationListensOn(String overlay, String application)
            throws IOException {
        JsonNode container = Kustomize.overlay(overlay).container(application);
        JsonNode http = port(container, "http");
        assertEquals(httpPort(application), http.path("containerPort").asInt(),
                "the container port named http is the application's quarkus.http.port");
        assertProbe(container, "startupProbe", "/q/health/started");
        assertProbe(container, "readinessProbe", "/q/health/ready");
        assertProbe(container, "livenessProbe", "/q/health/live");
    }

    private static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        assertEquals(path, get.path("path").asText(), probe);
        assertEquals("http", get.path("port").asText(), probe + " on the application's port");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("applications")
    void resourcesAreRequestedAndLimited(String overlay, String application) {
        JsonNode resources = Kustomize.overlay(overlay).container(application).path("resources");
        for (String resource : List.of("cpu", "memory")) {
            assertTrue(resources.path("requests").has(resource), "requests." + resource);
            assertTrue(resources.path("limits").has(resource), "limits." + resource);
            assertTrue(Quantities.of(resources.path("requests").path(resource))
                    .compareTo(Quantities.of(resources.path("limits").path(resource))) <= 0, resource
                    + " request within its limit");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("applications")
    void runsAsNonRootOnAReadOnlyFilesystemWithoutCapabilities(String overlay, String application) {
        Manifests manifests = Kustomize.overlay(overlay);
        JsonNode pod = pod(manifests, application);
        JsonNode container = manifests.container(application);
        JsonNode security = container.path("securityContext");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean()
                || security.path("runAsNonRoot").asBoolean(), "runAsNonRoot");
        assertTrue(pod.path("securityContext").path("runAsUser").asInt() > 0, "a non-root uid");
        assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText());
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem");
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation");
        assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString(), "capabilities dropped");
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "no API token in the pod");
        List<String> tmp = new ArrayList<>();
        container.path("volumeMounts").forEach(mount -> {
            if (mount.path("mountPath").asText().equals("/tmp")) {
                pod.path("volumes").forEach(volume -> {
                    if (volume.path("name").equals(mount.path("name")) && volume.has("emptyDir")) {
                        tmp.add(volume.path("name").asText());
                    }
                });
            }
        });
        assertEquals(1, tmp.size(), "/tmp is a writable emptyDir");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("applications")
    void replicasAreSpreadOverNodes(String overlay, String application) {
        JsonNode pod = pod(Kustomize.overlay(overlay), application);
        JsonNode labels = Kustomize.overlay(overlay).get("Deployment", application).path("spec").path("template")
                .path("metadata").path("labels");
        List<JsonNode> byNode = new ArrayList<>();
        pod.path("topologySpreadConstraints").forEach(constraint -> {
            if (constraint.path("topologyKey").asText().equals("kubernetes.io/hostname")
                    && Labels.selects(constraint.path("labelSelector"), labels)) {
                byNode.add(constraint);
            }
        });
        assertEquals(1, byNode.size(), "one constraint spreads the application's pods over nodes");
        List<String> keys = new ArrayList<>();
        byNode.get(0).path("matchLabelKeys").forEach(key -> keys.add(key.asText()));
        assertTrue(keys.contains("app.kubernetes.io/name"), "the spread counts this application's pods only");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("applications")
    void theApplicationHasItsServiceAccountConfigMapServicePodDisruptionBudgetAndAutoscaler(String overlay,
                                                                                           String application) {
        Manifests manifests = Kustomize.overlay(overlay);
        JsonNode deployment = manifests.get("Deployment", application);
        JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
        assertTrue(Labels.selects(deployment.path("spec").path("selector"), labels));
        manifests.get("ServiceAccount", pod(manifests, application).path("serviceAccountName").asText());
        manifests.get("ConfigMap", application);

        JsonNode service = manifests.get("Service", application);
        assertTrue(Labels.matches(service.path("spec").path("selector"), labels), "the Service selects the pods");
        assertEquals("http", service.path("spec").path("ports").get(0).path("targetPort").asText());

        JsonNode budget = manifests.get("PodDisruptionBudget", application);
        assertTrue(Labels.selects(budget.path("spec").path("selector"), labels), "the budget covers the pods");
        assertEquals(1, budget.path("spec").path("maxUnavailable").asInt(), "one pod at a time may be evicted");

        JsonNode autoscaler = manifests.get("HorizontalPodAutoscaler", application);
        assertEquals("Deployment", autoscaler.path("spec").path("scaleTargetRef").path("kind").asText());
        assertEquals(application, autoscaler.path("spec").path("scaleTargetRef").path("name").asText());
        assertTrue(autoscaler.path("spec").path("maxReplicas").asInt()
                > autoscaler.path("spec").path("minReplicas").asInt());
        assertFalse(deployment.path("spec").has("replicas"), "the autoscaler, not the manifest, sets the replicas");
        if (overlay.equals("prod")) {
            assertTrue(autoscaler.path("spec").path("minReplicas").asInt() >= 2,
                    "production keeps two replicas at least, so an eviction or a node loss is no outage");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("applications")
    void theImageIsTheApplicationsWithATag(String overlay, String application) {
        String image = Kustomize.overlay(overlay).container(application).path("image").asText();
        assertTrue(image.matches("(.+/)?throughline/" + application + ":[\\w.\\-]+"), image);
        if (overlay.equals("prod")) {
            assertFalse(image.endsWith(":latest") || image.endsWith(":dev"), "a release in production: " + image);
        }
    }

    static JsonNode pod(Manifests manifests, String application) {
        return manifests.get("Deployment", application).path("spec").path("template").path("spec");
    }

    private static JsonNode port(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port;
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** The port the application listens on: quarkus.http.port of its application.properties. */
    static int httpPort(String application) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Repository.root()
                .resolve(application + "/src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }
}
