package org.throughline.gateway.execution;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The executor's compact JSON object behaves as the linked hash map it replaces, on both sides of its index. */
class CompactMapTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void behavesAsALinkedHashMapThroughPutsReplacementsAndRemovalsBelowAndAboveItsIndex() {
        CompactMap compact = new CompactMap(1);
        Map<String, Object> expected = new LinkedHashMap<>();
        // Past CompactMap.INDEXED fields the keys are found through a hash index: cross it both ways.
        for (int i = 0; i < 3 * CompactMap.INDEXED; i++) {
            String key = "field" + i;
            assertEquals(expected.put(key, i), compact.put(key, i));
            if (i % 3 == 0) {
                assertEquals(expected.put(key, "again " + i), compact.put(new String(key), "again " + i));
            }
            assertEquals(expected, compact);
            assertEquals(expected.hashCode(), compact.hashCode());
        }
        for (int i = 0; i < 3 * CompactMap.INDEXED; i += 2) {
            assertEquals(expected.remove("field" + i), compact.remove("field" + i));
        }
        assertNull(compact.remove("absent"));
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(compact.keySet()));
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key), compact.get(new String(key)));
            assertTrue(compact.containsKey(key));
        }
        assertFalse(compact.containsKey("field0"));
        assertFalse(compact.containsKey(42));
        compact.put("field0", null);
        assertTrue(compact.containsKey("field0"));
        assertNull(compact.get("field0"));
    }

    @Test
    void equalsAnyMapWithTheSameMappingsWhateverTheOrderAndTellsANullValueFromAnAbsentKey() {
        CompactMap compact = new CompactMap();
        compact.put("__typename", "Product");
        compact.put("upc", "1");
        compact.put("note", null);
        Map<String, Object> same = new LinkedHashMap<>();
        same.put("note", null);
        same.put("upc", "1");
        same.put("__typename", "Product");
        assertTrue(compact.equals(same));
        assertTrue(same.equals(compact));
        assertEquals(same.hashCode(), compact.hashCode());

        Map<String, Object> otherKey = new LinkedHashMap<>(same);
        otherKey.remove("note");
        otherKey.put("name", null);
        assertFalse(compact.equals(otherKey), "a null value is not an absent key");
        Map<String, Object> otherValue = new LinkedHashMap<>(same);
        otherValue.put("upc", "2");
        assertFalse(compact.equals(otherValue));
        assertFalse(compact.equals(Map.of("upc", "1")));
        assertFalse(compact.equals(List.of()));
        // As keys of a hash map, which is how the executor counts an entity's representation once.
        Map<Map<String, Object>, Integer> index = new LinkedHashMap<>();
        index.put(compact, 0);
        assertEquals(0, index.get(same));
    }

    @Test
    void iteratesInInsertionOrderAndWritesThroughItsEntriesAndIterator() {
        CompactMap compact = new CompactMap();
        compact.put("b", 1);
        compact.put("a", 2);
        compact.put("c", 3);
        Iterator<Map.Entry<String, Object>> entries = compact.entrySet().iterator();
        entries.next().setValue(10);
        entries.next();
        entries.remove();
        assertEquals("c", entries.next().getKey());
        assertFalse(entries.hasNext());
        assertEquals(Map.of("b", 10, "c", 3), compact);
        assertEquals(List.of("b", "c"), new ArrayList<>(compact.keySet()));
        compact.clear();
        assertTrue(compact.isEmpty());
    }

    @Test
    void readsJsonAsJacksonsUntypedReadingDoesAndCopiesDeeply() throws Exception {
        String json = """
                {"data": {"users": [{"id": "1", "age": 41, "big": 9007199254740993, "huge": 123456789012345678901234567890,
                 "ratio": -0.125, "live": true, "gone": false, "none": null, "tags": ["a", {"x": [1, 2.5e3]}],
                 "id": "duplicate keys: the last one counts"}], "empty": {}, "nothing": []}}
                """;
        Object read;
        try (JsonParser parser = JSON.getFactory().createParser(json)) {
            parser.nextToken();
            read = CompactMap.read(parser);
        }
        Object jackson = JSON.readValue(json, Object.class);
        assertEquals(jackson, read);
        assertEquals(JSON.writeValueAsString(jackson), JSON.writeValueAsString(read));

        Object copy = CompactMap.deepCopy(read);
        assertEquals(read, copy);
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) copy).get("data"))
                .get("users")).get(0);
        assertNotSame(((List<?>) ((Map<?, ?>) ((Map<?, ?>) read).get("data")).get("users")).get(0), user);
        user.put("added", "only in the copy");
        assertFalse(((Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) read).get("data")).get("users")).get(0))
                .containsKey("added"));
    }
}
