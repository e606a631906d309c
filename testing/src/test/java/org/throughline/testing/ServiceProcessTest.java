package org.throughline.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path home;

    /** {@code <home>/fake-service/target/quarkus-app/quarkus-run.jar}, running {@link ListeningApplication}. */
    private void packageTheApplication() throws IOException {
        Path jar = Files.createDirectories(home.resolve("fake-service/target/quarkus-app")).resolve("quarkus-run.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ListeningApplication.class.getName());
        String entry = ListeningApplication.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream compiled = ListeningApplication.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            compiled.transferTo(out);
            out.closeEntry();
        }
    }

    private ServiceProcess start(int port) {
        return ServiceProcess.start(home, "fake-service", port, Map.of(), home.resolve("logs"));
    }

    private static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void startedOnPortZeroTheApplicationIsFoundOnThePortItReportsInItsLog() throws IOException {
        packageTheApplication();
        try (ServiceProcess application = start(0)) {
            application.awaitReady(PATIENCE);
            int port = application.port(PATIENCE);
            assertNotEquals(0, port);
            assertTrue(inUse(port), "the application listens on " + port);
            assertEquals("http://localhost:" + port + "/graphql", application.url("/graphql"));
            assertTrue(application.live(Duration.ofSeconds(5)));
        }
    }

    @Test
    void startedAgainTheApplicationListensOnThePortItReportedBefore() throws IOException {
        packageTheApplication();
        ServiceProcess first = start(0);
        int port;
        try {
            first.awaitReady(PATIENCE);
            port = first.port(PATIENCE);
        } finally {
            first.close();
        }
        try (ServiceProcess again = first.restart()) {
            again.awaitReady(PATIENCE);
            assertEquals(port, again.port(PATIENCE));
        }
    }

    @Test
    void anApplicationThatExitsBeforeReportingItsPortFailsWithItsLog() throws IOException {
        Path jar = Files.createDirectories(home.resolve("fake-service/target/quarkus-app")).resolve("quarkus-run.jar");
        Files.writeString(jar, "not a jar");
        try (ServiceProcess broken = start(0)) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> broken.port(PATIENCE));
            assertTrue(failure.getMessage().contains("exited"), failure.getMessage());
        }
    }
}
