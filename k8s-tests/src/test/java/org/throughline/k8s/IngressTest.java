package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public entry points: the gateway and Keycloak's sign-in, over TLS, on the hosts the rest of the platform names. */
class IngressTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewayAndKeycloakAreExposedAndOnlyOverTls(String overlay) {
        Manifests manifests = Kustomize.overlay(overlay);
        Set<String> backends = new TreeSet<>();
        manifests.ofKind("Ingress").forEach(ingress -> {
            Set<String> secured = new TreeSet<>();
            ingress.path("spec").path("tls").forEach(tls -> {
                assertFalse(tls.path("secretName").asText().isEmpty(), Manifests.describe(ingress));
                tls.path("hosts").forEach(host -> secured.add(host.asText()));
            });
            ingress.path("spec").path("rules").forEach(rule -> {
                assertTrue(secured.contains(rule.path("host").asText()), Manifests.describe(ingress) + ": "
                        + rule.path("host") + " without TLS");
                rule.path("http").path("paths").forEach(path -> {
                    assertFalse(path.path("path").asText().startsWith("/q"), "health and metrics stay inside");
                    backends.add(path.path("backend").path("service").path("name").asText());
                });
            });
        });
        assertEquals(Set.of("gateway", "keycloak-service"), backends);
        JsonNode gatewayPort = manifests.get("Ingress", "gateway").path("spec").path("rules").get(0).path("http")
                .path("paths").get(0).path("backend").path("service").path("port");
        assertEquals("http", gatewayPort.path("name").asText());
        manifests.get("Service", "gateway");
    }

    /** Subscriptions are long-lived: the gateway's ingress neither ends a quiet one after a minute nor buffers it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theGatewaysIngressKeepsSubscriptionsOpenAndUnbuffered(String overlay) {
        JsonNode annotations = Kustomize.overlay(overlay).get("Ingress", "gateway").path("metadata").path("annotations");
        assertTrue(Integer.parseInt(annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asText("0"))
                >= 3600, annotations.toString());
        assertTrue(Integer.parseInt(annotations.path("nginx.ingress.kubernetes.io/proxy-send-timeout").asText("0"))
                >= 3600, annotations.toString());
        assertEquals("off", annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").asText());
    }

    /**
     * The gateway serves plain HTTP behind the ingress and names itself by the scheme it was reached by (the local
     * run's http); clients reach it over TLS only, so in a cluster its protected resource metadata must say https.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theGatewaysResourceMetadataNamesItByTheHttpsClientsReachItBy(String overlay) {
        assertEquals("false", ApplicationConfiguration.of("gateway").productionValues()
                .get("quarkus.oidc.resource-metadata.force-https-scheme"), "the packaged gateway's own default");
        assertEquals("true", Kustomize.overlay(overlay).get("ConfigMap", "gateway").path("data")
                .path("QUARKUS_OIDC_RESOURCE_METADATA_FORCE_HTTPS_SCHEME").asText());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theHostsAreTheSameEverywhereTheyAreNamed(String overlay) {
        Manifests manifests = Kustomize.overlay(overlay);
        String appHost = host(manifests, "gateway");
        String authHost = host(manifests, "keycloak");
        assertFalse(appHost.equals(authHost));
        String issuer = "https://" + authHost + "/realms/throughline";
        for (String application : Repository.APPLICATIONS) {
            assertEquals(issuer, manifests.get("ConfigMap", application).path("data").path("THROUGHLINE_OIDC_ISSUER")
                    .asText(), application + " expects the tokens' issuer");
        }
        assertEquals("https://" + authHost, manifests.get("Keycloak", "keycloak").path("spec").path("hostname")
                .path("hostname").asText(), "Keycloak issues tokens for its public host");
        JsonNode realm = manifests.get("KeycloakRealmImport", "throughline").path("spec").path("realm");
        realm.path("clients").forEach(client -> client.path("redirectUris").forEach(uri ->
                assertEquals(appHost, URI.create(uri.asText().replace("*", "")).getHost(),
                        client.path("clientId") + " redirects to the gateway's host")));
        manifests.ofKind("ServiceMonitor").forEach(monitor -> monitor.path("spec").path("endpoints")
                .forEach(endpoint -> assertEquals(issuer + "/protocol/openid-connect/token",
                        endpoint.path("oauth2").path("tokenUrl").asText())));
        List<String> names = List.of(appHost, authHost);
        if (overlay.equals("prod")) {
            assertTrue(names.stream().allMatch(name -> name.endsWith("throughline.example.com")), names.toString());
        }
    }

    private static String host(Manifests manifests, String ingress) {
        JsonNode rules = manifests.get("Ingress", ingress).path("spec").path("rules");
        assertEquals(1, rules.size());
        return rules.get(0).path("host").asText();
    }
}
