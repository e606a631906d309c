package org.throughline.kpi;

/**
 * How a measurement reached the platform: typed in, imported from a file, pushed by another system, or pulled from it
 * by a connector.
 */
public enum MeasurementSource {
    MANUAL, CSV, XLSX, API, CONNECTOR
}
