package org.throughline.subgraph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * JSON that a service stored itself (the state and changes of a revision) and reads back. A failure here is the
 * service's own bug or a damaged row, never the client's input, so it is an IllegalStateException.
 */
public final class StoredJson {

    private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {
    };

    private StoredJson() {
    }

    public static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON could not be written: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(ObjectMapper json, String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON could not be read as " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The field changes a revision stored. */
    public static List<FieldChange> changes(ObjectMapper json, String text) {
        try {
            return json.readValue(text, CHANGES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored field changes could not be read: " + e.getOriginalMessage(), e);
        }
    }
}
