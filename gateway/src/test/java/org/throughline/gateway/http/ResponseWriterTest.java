package org.throughline.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        List<Object> items = new ArrayList<>(Arrays.asList(item, null, List.of(), Map.of()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("data", Map.of("items", items));
        response.put("errors", List.of(Map.of("message", "x", "path", List.of("items", 1))));

        assertEquals(new String(JSON.writeValueAsBytes(response)), new String(new ResponseWriter(JSON).write(response)));
    }
}
