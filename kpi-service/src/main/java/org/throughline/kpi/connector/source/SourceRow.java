package org.throughline.kpi.connector.source;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One row as a source returned it: its number (from 1), the business day, the value, and the KPI's key if any. */
public record SourceRow(long number, LocalDate day, BigDecimal value, String kpiKey) {
}
