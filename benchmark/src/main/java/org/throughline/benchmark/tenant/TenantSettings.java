package org.throughline.benchmark.tenant;

import java.time.LocalDate;

/**
 * What shapes a generated tenant: how many initiatives, how long the KPIs' history is, which share of the KPIs is
 * measured daily (the others weekly), the seed of the variation, and the day everything is dated from.
 */
public record TenantSettings(int initiatives, int historyDays, double dailyShare, long seed, LocalDate today) {

    public TenantSettings {
        if (initiatives < 1 || initiatives > 999) {
            throw new IllegalArgumentException("tenant.initiatives must be 1 to 999, not " + initiatives);
        }
        if (historyDays < 120 || historyDays > 3660) {
            throw new IllegalArgumentException("tenant.history-days must be 120 to 3660, not " + historyDays);
        }
        if (dailyShare < 0 || dailyShare > 1) {
            throw new IllegalArgumentException("tenant.daily-share must be 0 to 1, not " + dailyShare);
        }
    }

    /** The day the KPIs' baselines were set and their history starts. */
    public LocalDate historyStart() {
        return today.minusDays(historyDays);
    }

    /** The day the business case was signed, four weeks after the baselines: every commitment dates from it. */
    public LocalDate businessCase() {
        return historyStart().plusWeeks(4);
    }
}
