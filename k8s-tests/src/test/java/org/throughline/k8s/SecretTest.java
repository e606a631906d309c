package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Production keeps no secret in the repository, and says where each Secret it names comes from. */
class SecretTest {

    @Test
    void productionShipsNoSecret() {
        assertEquals(0, Kustomize.overlay("prod").ofKind("Secret").count());
    }

    @Test
    void everySecretProductionNamesIsGeneratedByAnOperatorOrCreatedAsTheReadmeSays() throws IOException {
        Manifests manifests = Kustomize.overlay("prod");
        Set<String> named = new TreeSet<>();
        manifests.objects().forEach(object -> collect(object, named));
        Set<String> generated = new TreeSet<>();
        manifests.ofKind("Cluster").forEach(cluster -> {
            generated.add(Manifests.name(cluster) + "-app");
            generated.add(Manifests.name(cluster) + "-ca");
        });
        manifests.ofKind("Ingress").forEach(ingress -> ingress.path("spec").path("tls")
                .forEach(tls -> generated.add(tls.path("secretName").asText())));
        String readme = Files.readString(Repository.root().resolve("README.md"));
        List<String> unexplained = new ArrayList<>();
        for (String secret : named) {
            if (!generated.contains(secret) && !readme.contains("`" + secret + "`")) {
                unexplained.add(secret);
            }
        }
        assertEquals(List.of(), unexplained, "Secrets that neither an operator generates nor the README's "
                + "deployment section tells to create");
    }

    /** The names of Secrets an object refers to: secretKeyRef, secret volumes and the operators' secret fields. */
    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (key.equals("secretName") && value.isTextual()) {
                    names.add(value.asText());
                } else if ((key.equals("secretKeyRef") || key.equals("secret") || key.endsWith("Secret")
                        || key.equals("accessKeyId") || key.equals("secretAccessKey")) && value.has("name")) {
                    names.add(value.path("name").asText());
                }
                collect(value, names);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, names));
        }
    }
}
