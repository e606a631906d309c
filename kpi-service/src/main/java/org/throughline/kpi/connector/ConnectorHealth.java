package org.throughline.kpi.connector;

/** A connector's health, by its latest run that wrote or tried to: none yet, it succeeded, or it did not. */
public enum ConnectorHealth {
    NEVER_RUN, HEALTHY, FAILING
}
