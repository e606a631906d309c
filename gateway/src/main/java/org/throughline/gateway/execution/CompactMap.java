package org.throughline.gateway.execution;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object of a subgraph's answer as the executor holds it while it merges: keys and values in two arrays, in
 * the order they came. A response holds thousands of objects of a few fields each; a linked hash map spends a table
 * and an entry object on every field, this one two small arrays, and it is copied (for each fetch that shares a
 * deduplicated answer) by copying them. Keys are found by a scan, which for a few fields is quicker than hashing;
 * past {@link #INDEXED} fields a hash index is kept beside the arrays, so that a wide object is no slower than a map.
 * Not thread-safe, like the maps it replaces.
 */
final class CompactMap extends ArrayMap {

    /** From this many fields on, keys are found through a hash index. */
    static final int INDEXED = 12;

    private String[] keys;
    private Object[] values;
    private int size;
    private HashMap<String, Integer> index;

    CompactMap() {
        this(4);
    }

    CompactMap(int capacity) {
        keys = new String[Math.max(capacity, 1)];
        values = new Object[keys.length];
    }

    /**
     * Reads the JSON value the parser is at, objects as compact maps and arrays as array lists; numbers as Jackson's
     * untyped reading gives them (Integer, Long or BigInteger; Double), so that they are written back unchanged.
     */
    static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new IOException("no JSON value");
        }
        switch (token) {
            case START_OBJECT: {
                CompactMap object = new CompactMap();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, read(parser));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }

    /** A deep copy of a value made of maps, lists and scalars; compact maps are copied array by array. */
    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof CompactMap map) {
            CompactMap copied = new CompactMap(map.size);
            copied.size = map.size;
            System.arraycopy(map.keys, 0, copied.keys, 0, map.size);
            for (int i = 0; i < map.size; i++) {
                copied.values[i] = deepCopy(map.values[i]);
            }
            copied.index = map.index == null ? null : new HashMap<>(map.index);
            return (T) copied;
        }
        if (value instanceof List<?> list) {
            int size = list.size();
            List<Object> copied = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                copied.add(deepCopy(list.get(i)));
            }
            return (T) copied;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copied = new java.util.LinkedHashMap<>();
            map.forEach((key, item) -> copied.put(key, deepCopy(item)));
            return (T) copied;
        }
        return value;
    }

    @Override
    int indexOf(Object key) {
        if (index != null) {
            Integer at = index.get(key);
            return at == null ? -1 : at;
        }
        // Field names Jackson reads are interned: most lookups match by identity before they compare characters.
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        if (key instanceof String) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    String keyAt(int index) {
        return keys[index];
    }

    @Override
    Object valueAt(int index) {
        return values[index];
    }

    @Override
    void setAt(int index, Object value) {
        values[index] = value;
    }

    @Override
    public Object put(String key, Object value) {
        if (key == null) {
            throw new NullPointerException("a JSON object has no null key");
        }
        int at = indexOf(key);
        if (at >= 0) {
            Object previous = values[at];
            values[at] = value;
            return previous;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        if (index != null) {
            index.put(key, size);
        } else if (size + 1 >= INDEXED) {
            index = new HashMap<>(INDEXED * 4);
            for (int i = 0; i <= size; i++) {
                index.put(keys[i], i);
            }
        }
        size++;
        return null;
    }

    @Override
    public Object remove(Object key) {
        int at = indexOf(key);
        if (at < 0) {
            return null;
        }
        Object previous = values[at];
        removeAt(at);
        return previous;
    }

    @Override
    void removeAt(int at) {
        int moved = size - at - 1;
        System.arraycopy(keys, at + 1, keys, at, moved);
        System.arraycopy(values, at + 1, values, at, moved);
        size--;
        keys[size] = null;
        values[size] = null;
        if (index != null) {
            index.clear();
            for (int i = 0; i < size; i++) {
                index.put(keys[i], i);
            }
        }
    }

    @Override
    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        index = null;
    }
}
