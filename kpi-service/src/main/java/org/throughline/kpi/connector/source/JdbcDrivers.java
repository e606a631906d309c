package org.throughline.kpi.connector.source;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.throughline.kpi.connector.ConnectorConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Makes the JDBC drivers a deployment adds available to SQL connectors: every jar in the drivers directory is loaded at
 * start, and each driver it declares (META-INF/services/java.sql.Driver) is registered with DriverManager. PostgreSQL's
 * driver ships with the service; a deployment adds another by putting its jar there (an image built on this one).
 */
@ApplicationScoped
public class JdbcDrivers {

    @Inject
    ConnectorConfig config;

    private final List<String> added = new ArrayList<>();

    void onStart(@Observes StartupEvent start) {
        load(config.driversDir());
    }

    /** The class names of the drivers added from the directory. */
    public List<String> added() {
        return List.copyOf(added);
    }

    synchronized void load(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (jars.isEmpty()) {
            return;
        }
        // The platform's classes only beneath: a driver jar brings what it needs and cannot shadow the service's classes.
        URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
            try {
                // DriverManager hands a driver only to code whose class loader sees its class: this one's does not.
                DriverManager.registerDriver(new Added(driver));
                added.add(driver.getClass().getName());
                Log.infof("JDBC driver %s added for connectors from %s", driver.getClass().getName(), directory);
            } catch (SQLException e) {
                Log.warnf("JDBC driver %s not added: %s", driver.getClass().getName(), e.getMessage());
            }
        }
    }

    /** Whether a driver added from the directory takes the URL. */
    public boolean takes(String url) {
        return Collections.list(DriverManager.getDrivers()).stream().anyMatch(driver -> {
            try {
                return driver instanceof Added && driver.acceptsURL(url);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    /** A driver from the directory, under a class of the service's own. */
    private record Added(Driver driver) implements Driver {
        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            return driver.connect(url, info);
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return driver.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return driver.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return driver.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return driver.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return driver.jdbcCompliant();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return driver.getParentLogger();
        }
    }
}
