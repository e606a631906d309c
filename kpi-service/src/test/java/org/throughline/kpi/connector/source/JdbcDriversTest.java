package org.throughline.kpi.connector.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A driver jar put in the drivers directory is loaded on its own and registered for connectors' JDBC URLs. */
class JdbcDriversTest {

    @Test
    void aDriverJarInTheDirectoryIsRegisteredWithDriverManager(@TempDir Path drivers) throws Exception {
        // The one driver jar at hand is PostgreSQL's: a copy of it stands for the jar a deployment adds.
        Path jar = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(jar, drivers.resolve("added-driver.jar"));
        Files.writeString(drivers.resolve("README.txt"), "not a jar");
        JdbcDrivers added = new JdbcDrivers();
        assertFalse(added.takes("jdbc:postgresql://localhost/x"));

        added.load(drivers);

        assertEquals(List.of("org.postgresql.Driver"), added.added());
        assertTrue(added.takes("jdbc:postgresql://localhost/x"));
        assertFalse(added.takes("jdbc:nosuchdb://localhost/x"));
    }

    @Test
    void aMissingDirectoryAddsNothing(@TempDir Path parent) {
        JdbcDrivers added = new JdbcDrivers();
        added.load(parent.resolve("absent"));
        assertEquals(List.of(), added.added());
    }
}
