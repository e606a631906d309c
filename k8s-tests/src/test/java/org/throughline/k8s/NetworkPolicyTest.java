package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Who can connect to whom, computed from the rendered NetworkPolicies for every pod the platform runs and every
 * client that could try (the ingress controller, Prometheus, the CloudNativePG operator, a stranger inside and one
 * outside the namespace), compared with what the issue allows: only the gateway from the ingress controller; the
 * subgraphs only from the gateway and governance; each database only from its own service; Keycloak only from the
 * ingress controller and the applications.
 */
class NetworkPolicyTest {

    /** A pod: where it runs, its labels and the ports it listens on (name to number). */
    record Pod(String name, String namespace, JsonNode labels, Map<String, Integer> ports) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheConnectionsTheIssueAllowsAreAdmitted(String overlay) {
        Manifests manifests = Kustomize.overlay(overlay);
        assertEquals(expected(), admitted(manifests, pods(manifests)), overlay);
    }

    @Test
    void withoutTheDefaultDenyEveryPodNoPolicySelectsWouldBeOpen() {
        Manifests manifests = Kustomize.overlay("prod");
        List<JsonNode> withoutDefaultDeny = new ArrayList<>(manifests.objects());
        withoutDefaultDeny.removeIf(object -> Manifests.describe(object).equals("NetworkPolicy default-deny-ingress"));
        Manifests weakened = new Manifests(withoutDefaultDeny);
        List<Pod> pods = new ArrayList<>(pods(manifests));
        pods.add(pod("an unlabelled pod", namespace(manifests), Map.of("app", "something-else"), Map.of("http", 80)));
        assertNotEquals(admitted(manifests, pods), admitted(weakened, pods));
    }

    /** The connections (client -> pod:port) the issue allows; Prometheus scrapes the applications' HTTP port. */
    private static Set<String> expected() {
        Set<String> expected = new TreeSet<>();
        expected.add("ingress controller -> gateway:8080");
        expected.add("prometheus -> gateway:8080");
        for (String subgraph : List.of("plan-service:8081", "kpi-service:8082")) {
            expected.add("gateway -> " + subgraph);
            expected.add("governance-service -> " + subgraph);
            expected.add("prometheus -> " + subgraph);
        }
        expected.add("gateway -> governance-service:8083");
        expected.add("prometheus -> governance-service:8083");
        for (String client : List.of("ingress controller", "gateway", "plan-service", "kpi-service",
                "governance-service")) {
            expected.add(client + " -> keycloak:8080");
        }
        expected.add("keycloak -> keycloak:7800");
        expected.add("keycloak -> keycloak:57800");
        for (String service : List.of("plan", "kpi", "governance")) {
            expected.add(service + "-service -> " + service + "-db:5432");
        }
        expected.add("keycloak -> keycloak-db:5432");
        expected.add("keycloak realm import -> keycloak-db:5432");
        for (String database : List.of("plan-db", "kpi-db", "governance-db", "keycloak-db")) {
            expected.add(database + " -> " + database + ":5432");
            expected.add("cloudnative-pg operator -> " + database + ":8000");
        }
        return expected;
    }

    /** Every pod of the platform and every client outside it, as their operators and charts label them. */
    private static List<Pod> pods(Manifests manifests) {
        String namespace = namespace(manifests);
        List<Pod> pods = new ArrayList<>();
        for (String application : Repository.APPLICATIONS) {
            JsonNode template = manifests.get("Deployment", application).path("spec").path("template");
            Map<String, Integer> ports = new LinkedHashMap<>();
            manifests.container(application).path("ports").forEach(port -> ports.put(port.path("name").asText(),
                    port.path("containerPort").asInt()));
            pods.add(new Pod(application, namespace, template.path("metadata").path("labels"), ports));
        }
        // The Keycloak operator's pods: the server, and the Job that imports the realm into Keycloak's database.
        String keycloak = Manifests.name(manifests.ofKind("Keycloak").findFirst().orElseThrow());
        pods.add(pod("keycloak", namespace, Map.of("app", "keycloak", "app.kubernetes.io/instance", keycloak,
                "app.kubernetes.io/managed-by", "keycloak-operator", "app.kubernetes.io/component", "server"),
                Map.of("http", 8080, "jgroups", 7800, "jgroups-fd", 57800, "management", 9000)));
        pods.add(pod("keycloak realm import", namespace, Map.of("app", "keycloak-realm-import",
                "app.kubernetes.io/instance", keycloak, "app.kubernetes.io/managed-by", "keycloak-operator"),
                Map.of()));
        // CloudNativePG's instances of each cluster.
        manifests.ofKind("Cluster").forEach(cluster -> pods.add(pod(Manifests.name(cluster), namespace,
                Map.of("cnpg.io/cluster", Manifests.name(cluster), "cnpg.io/podRole", "instance"),
                Map.of("postgresql", 5432, "status", 8000, "metrics", 9187))));
        pods.add(pod("ingress controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"),
                Map.of()));
        pods.add(pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of()));
        pods.add(pod("cloudnative-pg operator", "cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"),
                Map.of()));
        pods.add(pod("a stranger in the namespace", namespace, Map.of("app", "debug"), Map.of()));
        pods.add(pod("a stranger elsewhere", "default", Map.of("app", "debug"), Map.of()));
        return pods;
    }

    private static Pod pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> ports) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        labels.forEach(node::put);
        return new Pod(name, namespace, node, ports);
    }

    private static String namespace(Manifests manifests) {
        return manifests.get("Deployment", "gateway").path("metadata").path("namespace").asText();
    }

    /** Every connection the policies admit, from any pod to any port another pod listens on. */
    private static Set<String> admitted(Manifests manifests, List<Pod> pods) {
        List<JsonNode> policies = manifests.ofKind("NetworkPolicy").toList();
        Set<String> admitted = new TreeSet<>();
        for (Pod target : pods) {
            for (var port : target.ports().entrySet()) {
                for (Pod client : pods) {
                    if (admits(policies, client, target, port.getKey(), port.getValue())) {
                        admitted.add(client.name() + " -> " + target.name() + ":" + port.getValue());
                    }
                }
            }
        }
        return admitted;
    }

    /** NetworkPolicy semantics for ingress: isolated once a policy selects the pod, then admitted by any rule. */
    private static boolean admits(List<JsonNode> policies, Pod client, Pod target, String portName, int port) {
        boolean isolated = false;
        for (JsonNode policy : policies) {
            if (!policy.path("metadata").path("namespace").asText().equals(target.namespace())
                    || !Labels.selects(policy.path("spec").path("podSelector"), target.labels())
                    || !policy.path("spec").path("policyTypes").toString().contains("Ingress")) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                if (portMatches(rule, portName, port) && fromMatches(rule, policy, client)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private static boolean portMatches(JsonNode rule, String portName, int port) {
        if (!rule.has("ports")) {
            return true;
        }
        for (JsonNode allowed : rule.path("ports")) {
            JsonNode value = allowed.path("port");
            if (value.isInt() ? value.asInt() == port : value.asText().equals(portName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fromMatches(JsonNode rule, JsonNode policy, Pod client) {
        if (!rule.has("from")) {
            return true;
        }
        for (JsonNode peer : rule.path("from")) {
            boolean namespaceMatches;
            if (peer.has("namespaceSelector")) {
                ObjectNode namespaceLabels = JsonNodeFactory.instance.objectNode()
                        .put("kubernetes.io/metadata.name", client.namespace());
                namespaceMatches = Labels.selects(peer.path("namespaceSelector"), namespaceLabels);
            } else {
                namespaceMatches = client.namespace().equals(policy.path("metadata").path("namespace").asText());
            }
            boolean podMatches = !peer.has("podSelector") || Labels.selects(peer.path("podSelector"), client.labels());
            if (peer.has("ipBlock")) {
                throw new AssertionError("an ipBlock peer in " + Manifests.describe(policy) + " admits by address, "
                        + "which this check cannot follow");
            }
            if (namespaceMatches && podMatches) {
                return true;
            }
        }
        return false;
    }
}
