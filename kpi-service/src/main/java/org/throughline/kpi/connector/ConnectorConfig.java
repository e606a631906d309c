package org.throughline.kpi.connector;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** How often connectors are looked at, and where they find their credentials. */
@ConfigMapping(prefix = "throughline.kpi.connectors")
public interface ConnectorConfig {

    /** How often each replica looks for due connectors (read by ConnectorSchedule's @Scheduled); off in tests. */
    @WithDefault("30s")
    String every();

    /** How long after start the first look waits. */
    @WithDefault("15s")
    String delay();

    /** The directory a Kubernetes Secret of connector credentials is mounted at: one file per credential. */
    @WithDefault("/etc/throughline/connector-credentials")
    Path secretsDir();

    /**
     * Jars of JDBC drivers a deployment adds for SQL connectors (PostgreSQL's ships with the service); read at start.
     */
    @WithDefault("/deployments/jdbc-drivers")
    Path driversDir();

    /**
     * Environment variables that may hold credentials start with this, so that a connector can never name another
     * secret of the service (its database password, its client secrets) and send it to a server of its choosing.
     */
    @WithDefault("THROUGHLINE_CONNECTOR_")
    String environmentPrefix();
}
