package org.throughline.kpi.connector;

/** What started a connector run: its schedule, someone asking for a run now, or a backfill over a date range. */
public enum RunTrigger {
    SCHEDULE, MANUAL, BACKFILL
}
