package org.throughline.kpi.connector;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** A connector as defined, with its watermark and health; its credential appears by name only. */
@Description("Pulls KPI values from the system that produces them, on a schedule: a SQL query over JDBC or an HTTP "
        + "API answering JSON. Its credential is named, never stored or shown.")
public class Connector {
    @NonNull
    @Id
    public String id;
    @NonNull
    public String name;
    @NonNull
    public ConnectorKind kind;
    @Id
    @Description("The KPI every value is for; null when the source names each value's KPI by a key (kpiKeys).")
    public String kpiId;
    @NonNull
    public List<@NonNull ConnectorKpiKey> kpiKeys = List.of();
    @NonNull
    @Description("Minutes between scheduled runs.")
    public Integer everyMinutes;
    @NonNull
    @Description("The first business day pulled, before any run moved the watermark.")
    public LocalDate startDay;
    @NonNull
    @Description("Days before the watermark that each run pulls again, for sources that restate recent days.")
    public Integer lookbackDays;
    @NonNull
    @Description("A run that finds more rows than this records nothing and fails (row-cap-exceeded).")
    public Integer rowCap;
    @NonNull
    @Description("How long a query or an HTTP request may take.")
    public Integer timeoutSeconds;
    @NonNull
    public ConnectorAuth auth;
    @Description("The name of the credential: a file of the mounted connector Secret, or the environment variable "
            + "THROUGHLINE_CONNECTOR_<NAME>. Its value is never stored or returned.")
    public String credential;
    @Description("The database user, or the user of HTTP basic authentication.")
    public String username;
    public String jdbcUrl;
    @Description("A single SELECT returning the columns day, value and (for kpiKeys) kpi_key; the run adds the window.")
    public String query;
    @Description("The URL; {from} and {to} in it are replaced by the window's first and last business day.")
    public String url;
    @Description("JSON Pointer to the array of items in each answer; empty for an answer that is the array.")
    public String itemsPointer;
    public String dayPointer;
    public String valuePointer;
    public String kpiKeyPointer;
    @Description("JSON Pointer to the next page's URL in each answer; pages are followed until it is missing.")
    public String nextPointer;
    @NonNull
    public Boolean enabled;
    @Description("The last business day pulled; the next scheduled run pulls from it on.")
    public LocalDate watermark;
    @NonNull
    public OffsetDateTime nextRunAt;
    @NonNull
    public ConnectorHealth health = ConnectorHealth.NEVER_RUN;
    @Description("The latest kept run.")
    public ConnectorRun lastRun;
    @NonNull
    public String createdBy;
    @NonNull
    public Integer version;
}
