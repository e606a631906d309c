package org.throughline.kpi;

/** How a measurement reached the platform: typed in, imported from a file, or pushed by another system. */
public enum MeasurementSource {
    MANUAL, CSV, XLSX, API
}
