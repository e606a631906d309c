package org.throughline.gateway.execution;

import com.fasterxml.jackson.core.io.SerializedString;

/**
 * An object of a shaped response: its response keys, shared by every object of its selection and runtime type,
 * and its values, in the order the client asked for them. A response holds many thousands of small objects; this
 * costs one array each where a linked hash map costs a table and an entry per field, and the response writer writes
 * its keys from their encoded form without looking at a map. Read-only, as a response is once shaped.
 */
public final class ShapedObject extends ArrayMap {

    private final SerializedString[] keys;
    private final Object[] values;

    public ShapedObject(SerializedString[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** The response key of the field at {@code index}, ready to be written. */
    public SerializedString key(int index) {
        return keys[index];
    }

    /** The value of the field at {@code index}. */
    public Object value(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    String keyAt(int index) {
        return keys[index].getValue();
    }

    @Override
    Object valueAt(int index) {
        return values[index];
    }

    @Override
    int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].getValue().equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
