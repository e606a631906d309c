package org.throughline.kpi.connector;

/** How a connector presents its credential: not at all, as a database password, or as an HTTP bearer or basic credential. */
public enum ConnectorAuth {
    NONE, PASSWORD, BEARER, BASIC
}
