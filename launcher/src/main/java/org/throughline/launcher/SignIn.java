package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.throughline.testing.KeycloakServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to sign in to the local run: the demo users of the realm file, and a token for curl. */
final class SignIn {

    private SignIn() {
    }

    static String instructions(KeycloakServer keycloak, Path realmFile, String gatewayUrl, String graphiqlUrl) {
        StringBuilder text = new StringBuilder();
        text.append("Sign in (Keycloak ").append(keycloak.url()).append(", realm ").append(KeycloakServer.REALM)
                .append("; every demo user's password is \"").append(KeycloakServer.DEMO_PASSWORD).append("\"):\n");
        for (String user : demoUsers(realmFile)) {
            text.append("  ").append(user).append('\n');
        }
        text.append("  GraphiQL (").append(graphiqlUrl).append(") sends you to Keycloak's sign-in page.\n");
        text.append("A token for curl, as the CFO (any demo user works the same way):\n");
        text.append("  TOKEN=$(curl -s -d grant_type=password -d client_id=").append(KeycloakServer.CLI_CLIENT)
                .append(" -d username=cfo -d password=").append(KeycloakServer.DEMO_PASSWORD).append(" \\\n      ")
                .append(keycloak.tokenEndpoint()).append(" | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n");
        text.append("  curl -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n")
                .append("      -d '{\"query\":\"{ initiatives { nodes { name } } }\"}' ").append(gatewayUrl).append('\n');
        return text.toString();
    }

    /** "cfo  Farid Okafor, Chief Financial Officer (executive)" for each person of the realm file. */
    static List<String> demoUsers(Path realmFile) {
        try {
            JsonNode realm = new ObjectMapper().readTree(realmFile.toFile());
            List<String> users = new ArrayList<>();
            for (JsonNode user : realm.path("users")) {
                if (user.hasNonNull("serviceAccountClientId")) {
                    continue;
                }
                List<String> roles = new ArrayList<>();
                user.path("realmRoles").forEach(role -> roles.add(role.asText()));
                users.add(String.format("%-14s %s %s, %s (%s)", user.path("username").asText(),
                        user.path("firstName").asText(), user.path("lastName").asText(),
                        user.path("attributes").path("title").path(0).asText(), String.join(", ", roles)));
            }
            return users;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the realm file " + realmFile, e);
        }
    }
}
