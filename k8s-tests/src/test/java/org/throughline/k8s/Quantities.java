package org.throughline.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes resource quantities ("250m", "2", "640Mi", "1Gi") as numbers, to compare requests with limits. */
final class Quantities {

    private static final Map<String, BigDecimal> SUFFIXES = Map.of(
            "m", new BigDecimal("0.001"), "Ki", BigDecimal.valueOf(1024L), "Mi", BigDecimal.valueOf(1024L * 1024),
            "Gi", BigDecimal.valueOf(1024L * 1024 * 1024), "k", BigDecimal.valueOf(1000L),
            "M", BigDecimal.valueOf(1000L * 1000), "G", BigDecimal.valueOf(1000L * 1000 * 1000));

    private Quantities() {
    }

    static BigDecimal of(JsonNode quantity) {
        String text = quantity.asText();
        for (var suffix : SUFFIXES.entrySet()) {
            if (text.endsWith(suffix.getKey()) && text.length() > suffix.getKey().length()
                    && Character.isDigit(text.charAt(text.length() - suffix.getKey().length() - 1))) {
                return new BigDecimal(text.substring(0, text.length() - suffix.getKey().length()))
                        .multiply(suffix.getValue());
            }
        }
        return new BigDecimal(text);
    }
}
