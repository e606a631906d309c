package org.throughline.governance.client;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

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
        /** The connectors that feed it; null in what was read before governance asked for them. */
        public List<Feed> feeds;
    }

    /** A connector that feeds a KPI, as kpi-service shows it to every reader of the KPI. */
    public static class Feed {
        public String connectorId;
        public String name;
        public boolean enabled;
        /** NEVER_RUN, HEALTHY or FAILING. */
        public String health;
        public OffsetDateTime failingSince;
        public String lastErrorCode;
        public String lastError;

        public boolean failing() {
            return "FAILING".equals(health);
        }
    }

    /** What a new commitment is checked against: that the KPI exists, and where its committed trajectory starts. */
    public static class Definition {
        public String id;
        public LocalDate baselineDate;
    }

    public static class Analytics {
        public Double currentValue;
        public LocalDate observedAt;
        public String status;
    }
}
