package org.throughline.launcher;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.throughline.testing.FreePort;
import org.throughline.testing.KeycloakServer;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The platforms the end-to-end test classes share, each started on first use and stopped once every class has run
 * (register with {@code @ExtendWith(SharedPlatforms.class)}), since starting one takes the better part of a minute:
 * <ul>
 *   <li>one Keycloak with the repository's realm, which every secured platform signs in through;</li>
 *   <li>{@link #demo()}: the demo scenario for classes that only read it; a class that stops or hangs an application
 *   puts it back ({@link Platform#startStoppedAgain()}). It exports its traces to one collector, and waits 6 s for a
 *   subgraph at the gateway and 3 s for plan or KPIs in governance (not 10 s and 5 s), so that what answers a hung
 *   service's fields comes sooner, governance's answer from the facts last read still within the gateway's;</li>
 *   <li>{@link #writableDemo()}: the demo scenario for classes that write, each to items of its own or to what no
 *   other class asserts on, with governance's signal timer off (only events move signals) and connectors looked at
 *   every two seconds.</li>
 * </ul>
 * A class whose test needs a platform of its own (an empty one, or one it supervises) still starts one, through
 * {@link #ownPlatform}, and signs in through the shared Keycloak.
 */
final class SharedPlatforms implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPlatforms.class);
    private static final Path LOGS = Path.of("target", "platform-logs");

    private static KeycloakServer keycloak;
    private static TraceCollector traces;
    private static Platform demo;
    private static Platform writableDemo;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root context closes what its store holds once the last class has run.
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(Stopper.class, type -> new Stopper(), Stopper.class);
    }

    /** The repository that the platforms run from. */
    static Path home() {
        return Path.of(System.getProperty("throughline.home", "..")).toAbsolutePath().normalize();
    }

    /** The shared Keycloak, launched on first use; platforms wait for it to be ready while their services start. */
    static synchronized KeycloakServer keycloak() {
        if (keycloak == null) {
            keycloak = KeycloakServer.launch(Platform.keycloakDistribution(home()),
                    home().resolve("launcher/target/keycloak-home"), FreePort.pick(),
                    home().resolve(KeycloakServer.REALM_FILE), LOGS.resolve("keycloak.log"));
        }
        return keycloak;
    }

    /** The collector that {@link #demo()} exports its traces to. */
    static synchronized TraceCollector traces() {
        if (traces == null) {
            traces = TraceCollector.start();
        }
        return traces;
    }

    /** The demo scenario, for classes that only read it. */
    static synchronized Platform demo() {
        if (demo == null) {
            demo = withDemo(new Platform(home(), Platform.Ports.free(), null, LOGS.resolve("demo"))
                    .signInThrough(keycloak()).exportTracesTo(traces().endpoint())
                    .configure("gateway", Map.of("throughline.gateway.subgraph-timeout", "6s"))
                    .configure("governance", Map.of("throughline.governance.upstream.deadline", "3s")));
        }
        return demo;
    }

    /** The demo scenario, for classes that write; signals move on events only, connectors are due within seconds. */
    static synchronized Platform writableDemo() {
        if (writableDemo == null) {
            writableDemo = withDemo(new Platform(home(), Platform.Ports.free(), null, LOGS.resolve("writable-demo"))
                    .signInThrough(keycloak())
                    .configure("governance", Map.of("throughline.governance.signals.every", "off"))
                    .configure("kpi", Map.of("throughline.kpi.connectors.every", "2s",
                            "throughline.kpi.connectors.delay", "1s")));
        }
        return writableDemo;
    }

    /**
     * A platform of the calling class's own on free ports, secured by the shared Keycloak unless {@code secure} is
     * false; the class closes it.
     */
    static Platform ownPlatform(String logs, boolean secure) {
        Platform platform = new Platform(home(), Platform.Ports.free(), null, Path.of("target", logs), secure);
        return secure ? platform.signInThrough(keycloak()) : platform;
    }

    /** Starts the platform and loads the demo scenario, or stops what started and fails. */
    static Platform withDemo(Platform platform) {
        platform.start();
        try {
            new DemoData(platform, LocalDate.now(ZoneOffset.UTC)).loadUnlessPresent();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** Stops the shared platforms, then Keycloak and the collector. */
    private static final class Stopper implements AutoCloseable {
        @Override
        public void close() {
            synchronized (SharedPlatforms.class) {
                for (AutoCloseable started : new AutoCloseable[]{demo, writableDemo, keycloak, traces}) {
                    if (started != null) {
                        try {
                            started.close();
                        } catch (Exception e) {
                            System.err.println("could not stop " + started + ": " + e);
                        }
                    }
                }
                demo = null;
                writableDemo = null;
                keycloak = null;
                traces = null;
            }
        }
    }
}
