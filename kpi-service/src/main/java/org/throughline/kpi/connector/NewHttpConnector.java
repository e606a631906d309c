package org.throughline.kpi.connector;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;
import java.util.List;

/** A connector that reads an HTTP API answering JSON. */
@Input("NewHttpConnector")
@Description("A connector that GETs a JSON API and maps each item to a day and a value by JSON Pointers (RFC 6901), "
        + "following a next-page link when the API pages. Give kpiId or kpiKeys (with kpiKeyPointer).")
public class NewHttpConnector {
    @NonNull
    public String name;
    @Id
    public String kpiId;
    public List<@NonNull ConnectorKpiKey> kpiKeys;
    @NonNull
    public Integer everyMinutes;
    @NonNull
    public LocalDate startDay;
    public Integer lookbackDays;
    public Integer rowCap;
    public Integer timeoutSeconds;
    @NonNull
    @Description("http or https; {from} and {to} are replaced by the window's first and last day (YYYY-MM-DD).")
    public String url;
    @DefaultValue("NONE")
    public ConnectorAuth auth;
    @Description("The user of basic authentication.")
    public String username;
    @Description("The name of the token's or password's credential.")
    public String credential;
    @Description("Where the items are in an answer; empty (the default) when the answer is the array.")
    public String itemsPointer;
    @NonNull
    public String dayPointer;
    @NonNull
    public String valuePointer;
    public String kpiKeyPointer;
    public String nextPointer;
}
