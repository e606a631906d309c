package org.throughline.benchmark.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The memory limits the Kubernetes manifests of k8s/base give each workload, in MiB: a Deployment's container, a
 * CloudNativePG Cluster's instance, the Keycloak operator's server. The overlays do not change them.
 */
final class MemoryLimits {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private MemoryLimits() {
    }

    static Map<String, Long> read(Path base) {
        Map<String, Long> limits = new TreeMap<>();
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (documents.hasNext()) {
                        JsonNode document = documents.next();
                        String name = document.at("/metadata/name").asText();
                        JsonNode limit = switch (document.path("kind").asText()) {
                            case "Deployment" -> document.at("/spec/template/spec/containers/0/resources/limits/memory");
                            case "Cluster", "Keycloak" -> document.at("/spec/resources/limits/memory");
                            default -> null;
                        };
                        if (limit != null && limit.isTextual()) {
                            limits.put(name, mebibytes(limit.asText()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifests in " + base, e);
        }
        return limits;
    }

    /** A Kubernetes memory quantity ("640Mi", "1Gi", "512M") in MiB, rounded down. */
    static long mebibytes(String quantity) {
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1000"}, {"M", "1000000"},
                {"G", "1000000000"}};
        for (String[] unit : units) {
            if (quantity.endsWith(unit[0])) {
                double value = Double.parseDouble(quantity.substring(0, quantity.length() - unit[0].length()));
                return (long) (value * Long.parseLong(unit[1]) / 1_048_576);
            }
        }
        return Long.parseLong(quantity) / 1_048_576;
    }
}
