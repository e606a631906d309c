package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The objects one overlay renders to, with the look-ups the tests need. */
record Manifests(List<JsonNode> objects) {

    Stream<JsonNode> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).filter(object -> name.equals(name(object))).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " is rendered"));
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String describe(JsonNode object) {
        return object.path("kind").asText() + " " + name(object);
    }

    /** The application's one container (every Deployment of ours has exactly one). */
    JsonNode container(String application) {
        JsonNode containers = get("Deployment", application).path("spec").path("template").path("spec")
                .path("containers");
        if (containers.size() != 1) {
            throw new AssertionError("Deployment " + application + " should have one container, has "
                    + containers.size());
        }
        return containers.get(0);
    }
}
