package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster's Keycloak is the one the local run and the tests use, admitted only as network-policies.yaml says. */
class KeycloakTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void keycloakIsTheVersionOfTheLocalRunAndLeavesNetworkPoliciesToUs(String overlay) throws IOException {
        JsonNode spec = Kustomize.overlay(overlay).get("Keycloak", "keycloak").path("spec");
        Matcher version = Pattern.compile("<keycloak\\.version>([^<]+)</keycloak\\.version>")
                .matcher(Files.readString(Repository.root().resolve("pom.xml")));
        assertTrue(version.find(), "keycloak.version in the root pom.xml");
        assertEquals("quay.io/keycloak/keycloak:" + version.group(1), spec.path("image").asText());
        assertFalse(spec.path("networkPolicy").path("enabled").asBoolean(true),
                "the operator's NetworkPolicy admits every source to Keycloak's HTTP port");
        assertFalse(spec.path("ingress").path("enabled").asBoolean(true), "Keycloak's Ingress is ours (ingress.yaml)");
        assertTrue(spec.path("hostname").path("backchannelDynamic").asBoolean(),
                "the applications reach Keycloak inside the cluster, tokens name the public host");
        assertEquals("xforwarded", spec.path("proxy").path("headers").asText());
    }
}
