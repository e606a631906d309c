package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rendered object is one the API server (and the operators' CRDs) would accept, checked offline. */
class SchemaTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectOfTheOverlayIsValidAgainstItsSchema(String overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : Kustomize.overlay(overlay).objects()) {
            Schemas.kept().problems(object).forEach(problem -> problems.add(Manifests.describe(object) + ": "
                    + problem));
        }
        assertEquals(List.of(), problems, overlay);
    }

    @Test
    void aFieldTheKubernetesSchemaDoesNotDeclareIsRefused() {
        ObjectNode deployment = Kustomize.overlay("prod").get("Deployment", "gateway").deepCopy();
        ((ObjectNode) deployment.path("spec")).put("replica", 2);
        List<String> problems = Schemas.kept().problems(deployment);
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("replica")), problems.toString());
    }

    @Test
    void aMistypedValueOfACustomResourceIsRefused() {
        ObjectNode cluster = Kustomize.overlay("prod").get("Cluster", "plan-db").deepCopy();
        ((ObjectNode) cluster.path("spec")).put("instances", "three");
        ((ObjectNode) cluster.path("spec")).put("backups", true);
        List<String> problems = Schemas.kept().problems(cluster);
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("instances")), problems.toString());
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("backups")), problems.toString());
    }

    @Test
    void aKindWithoutAKeptSchemaIsReported() {
        ObjectNode job = Kustomize.YAML.createObjectNode();
        job.put("apiVersion", "batch/v1").put("kind", "Job").putObject("metadata").put("name", "migrate");
        assertFalse(Schemas.kept().problems(job).isEmpty());
    }
}
