package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where governance-service may connect, computed from the rendered NetworkPolicies' egress rules: what it needs in
 * the cluster, an SMTP relay on the submission ports wherever it is, and webhooks over HTTPS to the internet only,
 * never to a pod, a node or the cloud's metadata endpoint. The other applications' egress stays open.
 */
class EgressTest {

    /** Somewhere to connect to: a pod (with labels, in the cluster's pod range) or an address outside. */
    record Destination(String name, String namespace, JsonNode labels, String address, int port, String protocol) {
        String describe() {
            return name + ":" + port + ("TCP".equals(protocol) ? "" : "/" + protocol);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void governanceReachesWhatItNeedsInTheClusterSmtpAnywhereAndHttpsOnlyOutside(String overlay) {
        Manifests manifests = Kustomize.overlay(overlay);
        Set<String> reached = new TreeSet<>();
        for (Destination destination : destinations(manifests)) {
            if (allows(manifests, "governance-service", destination)) {
                reached.add(destination.describe());
            }
        }
        assertEquals(new TreeSet<>(Set.of(
                "kube-dns:53/UDP", "kube-dns:53",
                "governance-db:5432", "plan-service:8081", "kpi-service:8082", "keycloak:8080",
                "otel collector:4317",
                "smtp relay outside:587", "smtp relay outside:465", "smtp relay inside the network:587",
                "webhook receiver:443")), reached, overlay);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theOtherApplicationsEgressStaysOpen(String overlay) {
        Manifests manifests = Kustomize.overlay(overlay);
        for (String application : List.of("gateway", "plan-service", "kpi-service")) {
            for (Destination destination : destinations(manifests)) {
                assertTrue(allows(manifests, application, destination), application + " -> " + destination.describe());
            }
        }
    }

    /** The pods governance talks to, and addresses outside the cluster a webhook URL or the SMTP relay may name. */
    private static List<Destination> destinations(Manifests manifests) {
        String namespace = manifests.get("Deployment", "governance-service").path("metadata").path("namespace").asText();
        List<Destination> destinations = new ArrayList<>();
        destinations.add(pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), 53, "UDP"));
        destinations.add(pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), 53, "TCP"));
        destinations.add(pod("governance-db", namespace, Map.of("cnpg.io/cluster", "governance-db"), 5432, "TCP"));
        destinations.add(pod("plan-db", namespace, Map.of("cnpg.io/cluster", "plan-db"), 5432, "TCP"));
        destinations.add(pod("plan-service", namespace, Map.of("app.kubernetes.io/name", "plan-service"), 8081, "TCP"));
        destinations.add(pod("kpi-service", namespace, Map.of("app.kubernetes.io/name", "kpi-service"), 8082, "TCP"));
        destinations.add(pod("gateway", namespace, Map.of("app.kubernetes.io/name", "gateway"), 8080, "TCP"));
        destinations.add(pod("keycloak", namespace, Map.of("app", "keycloak", "app.kubernetes.io/instance", "keycloak"),
                8080, "TCP"));
        destinations.add(pod("keycloak", namespace, Map.of("app", "keycloak", "app.kubernetes.io/instance", "keycloak"),
                9000, "TCP"));
        destinations.add(pod("otel collector", "monitoring", Map.of("app.kubernetes.io/name", "otel-collector"), 4317,
                "TCP"));
        destinations.add(pod("a stranger in the namespace", namespace, Map.of("app", "debug"), 443, "TCP"));
        destinations.add(outside("smtp relay outside", "203.0.113.25", 587));
        destinations.add(outside("smtp relay outside", "203.0.113.25", 465));
        destinations.add(outside("smtp relay outside", "203.0.113.25", 25));
        destinations.add(outside("smtp relay inside the network", "10.20.0.5", 587));
        destinations.add(outside("webhook receiver", "198.51.100.7", 443));
        destinations.add(outside("webhook receiver", "198.51.100.7", 80));
        destinations.add(outside("cloud metadata", "169.254.169.254", 80));
        destinations.add(outside("cloud metadata", "169.254.169.254", 443));
        destinations.add(outside("a node", "10.0.0.5", 443));
        destinations.add(outside("a service in the company network", "192.168.10.4", 443));
        destinations.add(outside("a load balancer's private address", "172.20.1.1", 443));
        return destinations;
    }

    private static Destination pod(String name, String namespace, Map<String, String> labels, int port,
                                   String protocol) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        labels.forEach(node::put);
        return new Destination(name, namespace, node, "10.244.1.17", port, protocol);
    }

    private static Destination outside(String name, String address, int port) {
        return new Destination(name, null, JsonNodeFactory.instance.objectNode(), address, port, "TCP");
    }

    /** NetworkPolicy semantics for egress: isolated once a policy with Egress selects the pod, then allowed by any rule. */
    private static boolean allows(Manifests manifests, String application, Destination destination) {
        JsonNode source = manifests.get("Deployment", application);
        String namespace = source.path("metadata").path("namespace").asText();
        JsonNode labels = source.path("spec").path("template").path("metadata").path("labels");
        boolean isolated = false;
        for (JsonNode policy : manifests.ofKind("NetworkPolicy").toList()) {
            if (!policy.path("metadata").path("namespace").asText().equals(namespace)
                    || !Labels.selects(policy.path("spec").path("podSelector"), labels)
                    || !policy.path("spec").path("policyTypes").toString().contains("Egress")) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : policy.path("spec").path("egress")) {
                if (portMatches(rule, destination) && toMatches(rule, namespace, destination)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private static boolean portMatches(JsonNode rule, Destination destination) {
        if (!rule.has("ports")) {
            return true;
        }
        for (JsonNode allowed : rule.path("ports")) {
            String protocol = allowed.path("protocol").asText("TCP");
            if (allowed.path("port").asInt() == destination.port() && protocol.equals(destination.protocol())) {
                return true;
            }
        }
        return false;
    }

    private static boolean toMatches(JsonNode rule, String policyNamespace, Destination destination) {
        if (!rule.has("to")) {
            return true;
        }
        for (JsonNode peer : rule.path("to")) {
            if (peer.has("ipBlock")) {
                JsonNode block = peer.path("ipBlock");
                boolean excepted = false;
                for (JsonNode except : block.path("except")) {
                    excepted |= within(destination.address(), except.asText());
                }
                if (within(destination.address(), block.path("cidr").asText()) && !excepted) {
                    return true;
                }
                continue;
            }
            if (destination.namespace() == null) {
                continue;
            }
            boolean namespaceMatches = peer.has("namespaceSelector")
                    ? Labels.selects(peer.path("namespaceSelector"), JsonNodeFactory.instance.objectNode()
                            .put("kubernetes.io/metadata.name", destination.namespace()))
                    : destination.namespace().equals(policyNamespace);
            boolean podMatches = !peer.has("podSelector")
                    || Labels.selects(peer.path("podSelector"), destination.labels());
            if (namespaceMatches && podMatches) {
                return true;
            }
        }
        return false;
    }

    /** Whether an IPv4 address lies in a CIDR block. */
    static boolean within(String address, String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
        return (toLong(address) & mask) == (toLong(parts[0]) & mask);
    }

    private static long toLong(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }
}
