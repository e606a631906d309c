package org.throughline.kpi;

/** Where a KPI stands against its plan, by its tolerance bands; NO_DATA before its first measurement. */
public enum KpiStatus {
    ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA
}
