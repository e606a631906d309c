package org.throughline.governance.client;

import java.time.LocalDate;

/** What governance reads of a KPI: its definition's essentials and its live analytics. */
public final class KpiFacts {

    private KpiFacts() {
    }

    public static class Kpi {
        public String id;
        public String name;
        public String unit;
        public String direction;
        public String accountableOwner;
        public double baselineValue;
        public LocalDate baselineDate;
        public double offTrackTolerance;
        public int measurementCadenceDays;
        public Analytics analytics;
    }

    public static class Analytics {
        public Double currentValue;
        public LocalDate observedAt;
        public String status;
    }
}
