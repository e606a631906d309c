package org.throughline.subgraph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.graphql.api.federation.Shareable;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One field of an item that a recorded change touched, with its value before and after as text. Every service that
 * keeps a history of its items shows changes with it, so the type is shareable between subgraphs.
 */
@Type("FieldChange")
@Shareable
@Description("One field a change touched: its value before and after, as text (dates as YYYY-MM-DD, lists as JSON).")
public record FieldChange(@NonNull String field, String before, String after) {

    /**
     * The fields in which two states of an item differ, in the order the state declares them; with no earlier state
     * (a creation), every field that has a value. The {@code id} is never a change.
     */
    public static List<FieldChange> between(ObjectMapper json, Record before, Record after) {
        JsonNode was = before == null ? null : json.valueToTree(before);
        List<FieldChange> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.valueToTree(after).fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode now = field.getValue();
            JsonNode then = was == null ? null : was.get(name);
            if (name.equals("id") || (was == null && now.isNull()) || (was != null && now.equals(then))) {
                continue;
            }
            changes.add(new FieldChange(name, text(then), text(now)));
        }
        return changes;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
