package org.throughline.kpi;

/** Which way a KPI improves; variance and attainment are read through it. */
public enum Direction {
    HIGHER_IS_BETTER, LOWER_IS_BETTER
}
