package org.throughline.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes a GraphQL response, a tree of maps, lists and JSON scalars, straight to a JSON generator. Jackson's
 * data binding looks up a serializer for every value it meets; a profile of the gateway under load showed that
 * lookup among its top frames, although a response holds nothing but these few kinds. Anything else (none is
 * expected) is handed to the object mapper.
 */
final class ResponseWriter {

    private final ObjectMapper json;

    ResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    byte[] write(Map<String, Object> response) throws IOException {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
             JsonGenerator generator = json.getFactory().createGenerator(bytes)) {
            value(generator, response);
            generator.flush();
            return bytes.toByteArray();
        }
    }

    private void value(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Map<?, ?> object) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> field : object.entrySet()) {
                generator.writeFieldName(String.valueOf(field.getKey()));
                value(generator, field.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                value(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Double number) {
            generator.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            generator.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            generator.writeNumber(number);
        } else {
            json.writeValue(generator, value);
        }
    }
}
