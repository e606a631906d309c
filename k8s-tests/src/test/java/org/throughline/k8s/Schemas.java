package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates objects offline against the schemas kept in src/test/resources/schemas (README.md there says where each
 * comes from): the Kubernetes API's definitions for built-in kinds, the CustomResourceDefinitions' openAPIV3Schema for
 * the operators' kinds. As kubectl's strict field validation does, a field a schema does not declare is an error
 * (unless the schema preserves unknown fields).
 */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final List<String> CRDS = List.of(
            "postgresql.cnpg.io_clusters.yaml",
            "postgresql.cnpg.io_scheduledbackups.yaml",
            "barmancloud.cnpg.io_objectstores.yaml",
            "k8s.keycloak.org_keycloaks.yaml",
            "k8s.keycloak.org_keycloakrealmimports.yaml",
            "monitoring.coreos.com_servicemonitors.yaml");

    private final ObjectNode definitions;
    /** Definition name by "apiVersion/kind" of the built-in kinds. */
    private final Map<String, String> builtIn = new HashMap<>();
    /** openAPIV3Schema by "apiVersion/kind" of the custom resources. */
    private final Map<String, JsonNode> custom = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    private static final Schemas INSTANCE = new Schemas();

    static Schemas kept() {
        return INSTANCE;
    }

    private Schemas() {
        JsonNode swagger = read("schemas/kubernetes/kubernetes-1.32-definitions.json", JSON);
        definitions = swagger.path("definitions").deepCopy();
        definitions.fields().forEachRemaining(definition -> definition.getValue()
                .path("x-kubernetes-group-version-kind").forEach(gvk -> {
                    String group = gvk.path("group").asText();
                    String apiVersion = group.isEmpty() ? gvk.path("version").asText()
                            : group + "/" + gvk.path("version").asText();
                    builtIn.put(apiVersion + "/" + gvk.path("kind").asText(), definition.getKey());
                }));
        // Quantities ("512Mi", or a bare number) and IntOrString ("http", 8080) are strings or numbers in JSON.
        definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", anyOf("string", "number"));
        definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", anyOf("string", "integer"));
        definitions.forEach(Schemas::closeObjects);
        for (String file : CRDS) {
            JsonNode crd = read("schemas/crds/" + file, Kustomize.YAML);
            String group = crd.path("spec").path("group").asText();
            String kind = crd.path("spec").path("names").path("kind").asText();
            crd.path("spec").path("versions").forEach(version -> {
                ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                // The API server always admits apiVersion, kind and metadata (some CRDs do not list them), and
                // validates metadata against ObjectMeta.
                ObjectNode properties = (ObjectNode) schema.path("properties");
                properties.putObject("apiVersion").put("type", "string");
                properties.putObject("kind").put("type", "string");
                properties.putObject("metadata");
                closeObjects(schema);
                custom.put(group + "/" + version.path("name").asText() + "/" + kind, schema);
            });
        }
    }

    /** What is wrong with the object, by its schema; empty when it is valid. */
    List<String> problems(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        List<String> problems = new ArrayList<>();
        if (builtIn.containsKey(type)) {
            report(schema("#/definitions/" + builtIn.get(type)), object, problems);
        } else if (custom.containsKey(type)) {
            report(compiled.computeIfAbsent(type, t -> factory.getSchema(custom.get(t))), object, problems);
            report(schema("#/definitions/" + OBJECT_META), object.path("metadata"), problems);
        } else {
            problems.add("no schema is kept for " + type + ": add its definition or CRD to src/test/resources/schemas "
                    + "(README.md there says how)");
        }
        return problems;
    }

    private JsonSchema schema(String reference) {
        return compiled.computeIfAbsent(reference, ref -> {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("$ref", ref);
            root.set("definitions", definitions);
            return factory.getSchema(root);
        });
    }

    private static void report(JsonSchema schema, JsonNode instance, List<String> problems) {
        for (ValidationMessage message : schema.validate(instance)) {
            problems.add(message.getMessage());
        }
    }

    /** Every object schema that lists its properties admits no others, unless it says it keeps unknown fields. */
    private static void closeObjects(JsonNode schema) {
        if (schema instanceof ObjectNode node) {
            if (node.has("properties") && !node.has("additionalProperties")
                    && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                node.put("additionalProperties", false);
            }
            node.forEach(Schemas::closeObjects);
        } else if (schema.isArray()) {
            schema.forEach(Schemas::closeObjects);
        }
    }

    private static ObjectNode anyOf(String... types) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        var alternatives = schema.putArray("anyOf");
        for (String type : types) {
            alternatives.addObject().put("type", type);
        }
        return schema;
    }

    private static JsonNode read(String resource, ObjectMapper mapper) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the test class path");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
