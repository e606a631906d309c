package org.throughline.kpi.connector;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;
import java.util.List;

/** A connector that runs a query against another system's database. */
@Input("NewSqlConnector")
@Description("A connector that runs one SELECT, read-only, against a database reached by JDBC. The query returns the "
        + "columns day (a date), value and, when it feeds several KPIs, kpi_key; each run keeps the rows of its window "
        + "(the query needs no parameters). Give kpiId or kpiKeys.")
public class NewSqlConnector {
    @NonNull
    public String name;
    @Id
    public String kpiId;
    public List<@NonNull ConnectorKpiKey> kpiKeys;
    @NonNull
    public Integer everyMinutes;
    @NonNull
    public LocalDate startDay;
    @Description("Days before the watermark each run pulls again; 0 unless given.")
    public Integer lookbackDays;
    @Description("At most 5,000,000; 100,000 unless given.")
    public Integer rowCap;
    @Description("At most 3,600; 30 unless given.")
    public Integer timeoutSeconds;
    @NonNull
    @Description("jdbc:postgresql://host:5432/db, or the URL of another driver the deployment added. No password in it.")
    public String jdbcUrl;
    public String username;
    @Description("The name of the password's credential (a file of the mounted Secret, or THROUGHLINE_CONNECTOR_<NAME>).")
    public String credential;
    @NonNull
    public String query;
}
