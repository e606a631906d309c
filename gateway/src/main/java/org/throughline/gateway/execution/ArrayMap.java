package org.throughline.gateway.execution;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A JSON object held as its keys and values in arrays, seen as a map: what the executor's {@link CompactMap} and the
 * shaper's {@link ShapedObject} share. Subclasses say where the i-th key and value are and how a key is found; a
 * subclass that can change sets and removes by position.
 */
abstract class ArrayMap extends AbstractMap<String, Object> {

    abstract String keyAt(int index);

    abstract Object valueAt(int index);

    /** Where the key is; -1 when it is not. */
    abstract int indexOf(Object key);

    void setAt(int index, Object value) {
        throw new UnsupportedOperationException("this object is read-only");
    }

    void removeAt(int index) {
        throw new UnsupportedOperationException("this object is read-only");
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int at = indexOf(key);
        return at < 0 ? null : valueAt(at);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        int size = size();
        for (int i = 0; i < size; i++) {
            action.accept(keyAt(i), valueAt(i));
        }
    }

    /**
     * As {@link Map#equals} has it (the same mappings, whatever the map's class), by position: the executor keys
     * each entity's representation by it, and {@link AbstractMap}'s would make an iterator and an entry per field.
     */
    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        if (!(other instanceof Map<?, ?> map) || map.size() != size()) {
            return false;
        }
        int size = size();
        for (int i = 0; i < size; i++) {
            Object value = valueAt(i);
            Object theirs = map.get(keyAt(i));
            if (value == null ? theirs != null || !map.containsKey(keyAt(i)) : !value.equals(theirs)) {
                return false;
            }
        }
        return true;
    }

    /** As {@link Map#hashCode} has it: the sum of its entries' hash codes. */
    @Override
    public int hashCode() {
        int hash = 0;
        int size = size();
        for (int i = 0; i < size; i++) {
            hash += keyAt(i).hashCode() ^ Objects.hashCode(valueAt(i));
        }
        return hash;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;

                    @Override
                    public boolean hasNext() {
                        return next < size();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size()) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        int at = last;
                        return new SimpleEntry<>(keyAt(at), valueAt(at)) {
                            @Override
                            public Object setValue(Object value) {
                                setAt(at, value);
                                return super.setValue(value);
                            }
                        };
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException();
                        }
                        removeAt(last);
                        next = last;
                        last = -1;
                    }
                };
            }

            @Override
            public int size() {
                return ArrayMap.this.size();
            }
        };
    }
}
