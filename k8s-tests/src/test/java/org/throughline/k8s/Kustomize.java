package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}, which works offline, and parses what it prints. Each overlay
 * is rendered once per test run.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private final String kubectl;

    Kustomize(String kubectl) {
        this.kubectl = kubectl;
    }

    /** The overlay {@code k8s/overlays/<name>} as rendered by the kubectl on the PATH. */
    static Manifests overlay(String name) {
        return RENDERED.computeIfAbsent(name, overlay -> new Kustomize("kubectl").render(Repository.overlay(overlay)));
    }

    Manifests render(Path kustomization) {
        Process process;
        try {
            process = new ProcessBuilder(kubectl, "kustomize", kustomization.toString()).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is required to render " + kustomization + " and was not found ("
                    + e.getMessage() + "): install kubectl 1.27 or newer (it renders offline), the one prerequisite "
                    + "of ./mvnw -B verify besides Java", e);
        }
        try {
            process.getOutputStream().close();
            var errors = new ByteArrayOutputStream();
            Thread errorReader = new Thread(() -> {
                try {
                    process.getErrorStream().transferTo(errors);
                } catch (IOException ignored) {
                    // the exit code tells
                }
            });
            errorReader.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + kustomization + " did not finish in 60 s");
            }
            errorReader.join();
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomization + " failed: "
                        + errors.toString(StandardCharsets.UTF_8));
            }
            List<JsonNode> objects = new ArrayList<>();
            try (var parser = YAML.createParser(output)) {
                YAML.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
            }
            return new Manifests(objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
