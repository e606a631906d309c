package org.throughline.benchmark.differential;

import java.util.Map;

/**
 * One operation sent to both gateways: its text and its variables' values (JSON-ready: strings, numbers, booleans,
 * lists, maps and nulls).
 */
record GeneratedOperation(String query, Map<String, Object> variables) {
}
