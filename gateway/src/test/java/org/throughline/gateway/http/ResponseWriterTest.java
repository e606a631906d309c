package org.throughline.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.io.SerializedString;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.execution.ShapedObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The response writer writes exactly what Jackson's data binding would, for every kind a response holds. */
class ResponseWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesEveryKindOfValueAsJacksonDataBindingDoes() throws Exception {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", "Quote \"turnaround\" ✓ \u0001");
        item.put("count", 42);
        item.put("big", 9_007_199_254_740_993L);
        item.put("ratio", -0.125);
        item.put("exact", new BigDecimal("1.50"));
        item.put("huge", new BigInteger("123456789012345678901234567890"));
        item.put("live", true);
        item.put("missing", null);
        item.put("float", 1.5f);
        item.put("day", LocalDate.of(2026, 11, 29).toString());
        // A shaped object (keys shared, values in order) beside a map: written alike.
        ShapedObject shaped = new ShapedObject(new SerializedString[]{new SerializedString("id"),
                new SerializedString("név \"x\""), new SerializedString("nested")},
                new Object[]{"7", null, new ShapedObject(new SerializedString[]{new SerializedString("n")},
                        new Object[]{new ArrayList<>(List.of(1, "two"))})});
        List<Object> items = new ArrayList<>(Arrays.asList(item, null, List.of(), Map.of(), shaped));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("data", Map.of("items", items));
        response.put("errors", List.of(Map.of("message", "x", "path", List.of("items", 1))));

        ResponseWriter writer = new ResponseWriter(JSON);
        String expected = new String(JSON.writeValueAsBytes(response), StandardCharsets.UTF_8);
        assertEquals(expected, written(writer, response));
        // Written again, into a buffer sized by the first: the same bytes.
        assertEquals(expected, written(writer, response));
    }

    /** What the writer wrote, its pooled buffer released as the route releases it. */
    private static String written(ResponseWriter writer, Map<String, Object> response) throws Exception {
        ByteBuf buffer = writer.write(response);
        try {
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            assertTrue(buffer.release(), "the buffer goes back to the pool on its one release");
        }
    }
}
