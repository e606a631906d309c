package org.throughline.kpi.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One row of a bulk batch as read: the KPI, the business day, the value, and the client's key for the row. */
public record BatchRow(long number, long kpiId, LocalDate observedAt, BigDecimal value, String key) {
}
