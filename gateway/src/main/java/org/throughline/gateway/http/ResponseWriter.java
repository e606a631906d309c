package org.throughline.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import org.throughline.gateway.execution.ShapedObject;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
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
    /** The size of the last response written; read and written without locking, as a hint only. */
    private volatile int lastSize = 1024;
    /** One very large response must not make every later one start that large. */
    private static final int MAX_INITIAL_SIZE = 128 * 1024;

    ResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The response as JSON, written straight into the buffer that goes to the socket: no byte array in between.
     * The buffer is Netty's pooled direct memory, the kind the socket is written from, so that a response neither
     * adds its size to the heap's garbage (a fifth of what the gateway allocated under the nested benchmark query)
     * nor is copied off the heap on its way out; the caller releases it once it is written. It starts at the size of
     * the last response written, so that a large response rarely grows it.
     */
    ByteBuf write(Map<String, Object> response) throws IOException {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(
                Math.min(Math.max(256, lastSize), MAX_INITIAL_SIZE));
        OutputStream out = new ByteBufOutputStream(buffer);
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            value(generator, response);
        } catch (IOException | RuntimeException | Error e) {
            buffer.release();
            throw e;
        }
        lastSize = buffer.readableBytes();
        return buffer;
    }

    private void value(JsonGenerator generator, Object value) throws IOException {
        // What a shaped response is made of first, by exact class; then the interfaces anything else may be.
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof ShapedObject object) {
            generator.writeStartObject();
            int fields = object.size();
            for (int i = 0; i < fields; i++) {
                generator.writeFieldName(object.key(i));
                value(generator, object.value(i));
            }
            generator.writeEndObject();
        } else if (value.getClass() == ArrayList.class) {
            ArrayList<?> list = (ArrayList<?>) value;
            generator.writeStartArray();
            int size = list.size();
            for (int i = 0; i < size; i++) {
                value(generator, list.get(i));
            }
            generator.writeEndArray();
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
