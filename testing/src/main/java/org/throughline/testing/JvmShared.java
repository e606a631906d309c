package org.throughline.testing;

import java.util.Properties;
import java.util.function.Supplier;

/**
 * What the tests of one JVM start once and share, such as a database server or a service process. Quarkus loads the
 * tests and their resources in a new class loader for each distinct set of test resources or test profile, so a
 * static field is one per set; a system property is one per JVM. What is kept is text (a port, a URL, a process id)
 * that code in any class loader can use.
 */
public final class JvmShared {

    private JvmShared() {
    }

    /**
     * The text kept under {@code key}: on the first call in this JVM what {@code start} returns once it has started
     * the shared thing (which must stop itself when the JVM exits, e.g. in a shutdown hook); on later calls, from
     * whichever class loader, the same text.
     */
    public static String once(String key, Supplier<String> start) {
        Properties properties = System.getProperties();
        synchronized (properties) {
            String kept = properties.getProperty(key);
            if (kept == null) {
                kept = start.get();
                properties.setProperty(key, kept);
            }
            return kept;
        }
    }
}
