package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The cluster's realm is the realm file's: production without the demo people and the password grant, dev whole. */
class RealmImportTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::[^}]*)?}");

    @Test
    void committedRealmImportsAreWhatTheRealmFileGenerates() throws IOException {
        JsonNode realm = RealmImports.realm(Repository.realmFile());
        List<String> stale = new ArrayList<>();
        check(RealmImports.PRODUCTION, RealmImports.production(realm), stale);
        check(RealmImports.DEMO, RealmImports.demo(realm), stale);
        if (!stale.isEmpty()) {
            fail(String.join(", ", stale) + " differ from what k8s/base/keycloak/throughline-realm.json generates: run "
                    + "./mvnw -B -pl k8s-tests verify -Dthroughline.k8s.regenerate=true and commit the result");
        }
    }

    private static void check(Path relative, JsonNode generated, List<String> stale) throws IOException {
        Path file = Repository.k8s().resolve(relative);
        if (Boolean.getBoolean("throughline.k8s.regenerate")) {
            Files.writeString(file, RealmImports.yaml(generated));
        }
        if (!Files.isRegularFile(file) || !generated.equals(RealmImports.readYaml(file))
                || !Files.readString(file).startsWith("# GENERATED")) {
            stale.add("k8s/" + relative);
        }
    }

    @Test
    void productionRealmHasNoDemoPeopleAndNoPasswordGrant() {
        JsonNode realm = Kustomize.overlay("prod").get("KeycloakRealmImport", "throughline").path("spec").path("realm");
        assertTrue(realm.path("users").size() > 0, "the service accounts' users stay");
        realm.path("users").forEach(user -> {
            assertTrue(user.has("serviceAccountClientId"), "a person in the production realm: " + user.path("username"));
            assertTrue(user.path("credentials").isMissingNode(), "credentials in the production realm: "
                    + user.path("username"));
        });
        realm.path("clients").forEach(client -> {
            assertFalse(client.path("directAccessGrantsEnabled").asBoolean(false), "the password grant is allowed in "
                    + "the production realm by " + client.path("clientId"));
            client.path("redirectUris").forEach(uri -> assertTrue(uri.asText().startsWith("https://"),
                    client.path("clientId").asText() + " redirects to " + uri + " in production"));
        });
        assertFalse(clientIds(realm).contains("throughline-cli"), "the command line's client is for development");
    }

    @Test
    void everyPlaceholderOfEveryRealmImportIsFilledFromASecret() {
        for (String overlay : Repository.OVERLAYS) {
            JsonNode spec = Kustomize.overlay(overlay).get("KeycloakRealmImport", "throughline").path("spec");
            Set<String> used = new TreeSet<>();
            Matcher matcher = PLACEHOLDER.matcher(spec.path("realm").toString());
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
            Set<String> filled = new TreeSet<>();
            spec.path("placeholders").fieldNames().forEachRemaining(filled::add);
            assertEquals(used, filled, overlay + ": the realm's placeholders and the Secrets that fill them (a "
                    + "placeholder left unfilled imports its dev-only default)");
            spec.path("placeholders").forEach(placeholder -> assertTrue(
                    placeholder.path("secret").hasNonNull("name") && placeholder.path("secret").hasNonNull("key"),
                    overlay + ": a placeholder not filled from a Secret: " + placeholder));
        }
    }

    @Test
    void devRealmHasEveryUserAndClientOfTheRealmFile() {
        JsonNode realmFile = RealmImports.realm(Repository.realmFile());
        JsonNode dev = Kustomize.overlay("dev").get("KeycloakRealmImport", "throughline").path("spec").path("realm");
        Set<String> fileUsers = new TreeSet<>();
        realmFile.path("users").forEach(user -> fileUsers.add(user.path("username").asText()));
        Set<String> devUsers = new TreeSet<>();
        dev.path("users").forEach(user -> devUsers.add(user.path("username").asText()));
        assertEquals(fileUsers, devUsers);
        Set<String> fileClients = clientIds(realmFile);
        fileClients.add("throughline-metrics");
        assertEquals(fileClients, clientIds(dev), "the realm file's clients and, for Prometheus, throughline-metrics");
    }

    private static Set<String> clientIds(JsonNode realm) {
        Set<String> ids = new TreeSet<>();
        realm.path("clients").forEach(client -> ids.add(client.path("clientId").asText()));
        return ids;
    }
}
