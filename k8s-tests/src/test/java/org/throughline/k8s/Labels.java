package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;

/** Kubernetes label selectors (matchLabels, matchExpressions) and plain selector maps, applied to labels. */
final class Labels {

    private Labels() {
    }

    /** Whether a LabelSelector ({matchLabels, matchExpressions}) selects the labels; an empty selector selects all. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (!matches(selector.path("matchLabels"), labels)) {
            return false;
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(value -> values.add(value.asText()));
            boolean has = labels.has(key);
            String value = labels.path(key).asText();
            boolean holds = switch (expression.path("operator").asText()) {
                case "In" -> has && values.contains(value);
                case "NotIn" -> !has || !values.contains(value);
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> throw new AssertionError("unknown selector operator in " + expression);
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    /** Whether every label of a plain selector map is among the labels. */
    static boolean matches(JsonNode selectorMap, JsonNode labels) {
        var fields = selectorMap.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().asText().equals(labels.path(field.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
