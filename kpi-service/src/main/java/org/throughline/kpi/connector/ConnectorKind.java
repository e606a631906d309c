package org.throughline.kpi.connector;

/** Where a connector pulls from: a SQL query over JDBC, or an HTTP API answering JSON. */
public enum ConnectorKind {
    SQL, HTTP
}
