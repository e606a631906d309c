package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the Keycloak operator's realm imports from the realm file that the local run and the tests import
 * ({@code k8s/base/keycloak/throughline-realm.json}), so that the cluster's realm cannot drift from it:
 * <ul>
 *   <li>{@link #production}: the realm without its demo people (users with a password) and without the clients that
 *   allow the password grant, redirecting to the public host instead of the loopback, its placeholders filled from
 *   Secrets;</li>
 *   <li>{@link #demo}: a JSON patch giving back what production leaves out, for the dev overlay.</li>
 * </ul>
 * The committed files are checked against these by {@link RealmImportTest}, which rewrites them when run with
 * {@code -Dthroughline.k8s.regenerate=true}.
 */
final class RealmImports {

    static final Path PRODUCTION = Path.of("base/keycloak/realm-import.yaml");
    static final Path DEMO = Path.of("overlays/dev/realm-demo-users.yaml");
    /** The public host of the gateway as the base has it; each overlay's hosts.yaml replaces it. */
    static final String PUBLIC_HOST = "throughline.example.com";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::[^}]*)?}");
    private static final Pattern LOOPBACK = Pattern.compile("https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?(/.*)?");
    private static final String HEADER = """
            # GENERATED from k8s/base/keycloak/throughline-realm.json by k8s-tests (RealmImports): do not edit. After \
            changing
            # the realm file, run ./mvnw -B -pl k8s-tests verify -Dthroughline.k8s.regenerate=true and commit the result.
            """;

    private RealmImports() {
    }

    static JsonNode realm(Path realmFile) {
        try {
            return JSON.readTree(realmFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a user of the realm is a person who signs in with a password (a demo user), not a service account. */
    static boolean isPerson(JsonNode user) {
        return !user.has("serviceAccountClientId");
    }

    /** Whether a client lets a caller trade a user's password for a token (the password grant): development only. */
    static boolean allowsPasswordGrant(JsonNode client) {
        return client.path("directAccessGrantsEnabled").asBoolean(false);
    }

    /** The KeycloakRealmImport for production, from the realm file. */
    static ObjectNode production(JsonNode realmFile) {
        ObjectNode realm = realmFile.deepCopy();
        ArrayNode users = realm.putArray("users");
        realmFile.path("users").forEach(user -> {
            if (!isPerson(user)) {
                users.add(user.deepCopy());
            }
        });
        ArrayNode clients = realm.putArray("clients");
        realmFile.path("clients").forEach(client -> {
            if (!allowsPasswordGrant(client)) {
                clients.add(toPublicHost((ObjectNode) client.deepCopy()));
            }
        });
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        resource.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        resource.put("kind", "KeycloakRealmImport");
        ObjectNode metadata = resource.putObject("metadata");
        metadata.put("name", realm.path("realm").asText());
        metadata.putObject("labels").put("app.kubernetes.io/name", "keycloak")
                .put("app.kubernetes.io/component", "identity");
        ObjectNode spec = resource.putObject("spec");
        spec.put("keycloakCRName", "keycloak");
        ObjectNode placeholders = spec.putObject("placeholders");
        placeholders(realm).forEach((name, secret) -> placeholders.set(name, secret));
        spec.set("realm", realm);
        return resource;
    }

    /** The dev overlay's JSON patch that adds to the production import what the realm file has beyond it. */
    static ArrayNode demo(JsonNode realmFile) {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        ObjectNode demoOnly = JsonNodeFactory.instance.objectNode();
        ArrayNode users = demoOnly.putArray("users");
        ArrayNode clients = demoOnly.putArray("clients");
        realmFile.path("users").forEach(user -> {
            if (isPerson(user)) {
                users.add(user);
                patch.addObject().put("op", "add").put("path", "/spec/realm/users/-").set("value", user);
            }
        });
        realmFile.path("clients").forEach(client -> {
            if (allowsPasswordGrant(client)) {
                clients.add(client);
                patch.addObject().put("op", "add").put("path", "/spec/realm/clients/-").set("value", client);
            }
        });
        placeholders(demoOnly).forEach((name, secret) -> patch.addObject().put("op", "add")
                .put("path", "/spec/placeholders/" + name).set("value", secret));
        return patch;
    }

    /**
     * Every environment placeholder of the realm ({@code ${NAME}} or {@code ${NAME:default}}), each filled from a
     * Secret: client secrets from throughline-oidc-clients, the demo users' password from throughline-demo-users.
     */
    static Map<String, JsonNode> placeholders(JsonNode realm) {
        Map<String, JsonNode> placeholders = new TreeMap<>();
        Matcher matcher = PLACEHOLDER.matcher(realm.toString());
        while (matcher.find()) {
            String name = matcher.group(1);
            placeholders.put(name, secretOf(name));
        }
        return placeholders;
    }

    private static JsonNode secretOf(String placeholder) {
        String secret;
        String key;
        if (placeholder.matches("THROUGHLINE_[A-Z]+_CLIENT_SECRET")) {
            secret = "throughline-oidc-clients";
            key = placeholder.substring("THROUGHLINE_".length()).toLowerCase().replace('_', '-');
        } else if (placeholder.equals("THROUGHLINE_DEMO_PASSWORD")) {
            secret = "throughline-demo-users";
            key = "password";
        } else {
            throw new IllegalStateException("the realm file has a placeholder ${" + placeholder + "} that no Secret "
                    + "fills in Kubernetes: name its Secret in RealmImports.secretOf");
        }
        ObjectNode reference = JsonNodeFactory.instance.objectNode();
        reference.putObject("secret").put("name", secret).put("key", key);
        return reference;
    }

    /** Redirects and origins on the loopback (the local run's) become the public host's. */
    private static ObjectNode toPublicHost(ObjectNode client) {
        if (client.has("redirectUris")) {
            ArrayNode redirects = JsonNodeFactory.instance.arrayNode();
            boolean loopback = false;
            for (JsonNode uri : client.path("redirectUris")) {
                if (LOOPBACK.matcher(uri.asText()).matches()) {
                    loopback = true;
                } else {
                    redirects.add(uri);
                }
            }
            if (loopback) {
                redirects.insert(0, "https://" + PUBLIC_HOST + "/*");
            }
            client.set("redirectUris", redirects);
        }
        if (client.has("webOrigins")) {
            ArrayNode origins = JsonNodeFactory.instance.arrayNode();
            client.path("webOrigins").forEach(origin -> {
                if (!LOOPBACK.matcher(origin.asText()).matches()) {
                    origins.add(origin);
                }
            });
            client.set("webOrigins", origins);
        }
        return client;
    }

    static String yaml(JsonNode node) {
        try {
            return HEADER + YAML.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
