package org.throughline.kpi;

/** What a KPI's values count in; dashboards format them by it. */
public enum KpiUnit {
    CURRENCY, PERCENT, COUNT, DURATION_DAYS, DURATION_HOURS, RATIO, SCORE
}
