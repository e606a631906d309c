package org.throughline.kpi.connector;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** When one source feeds several KPIs: the key its rows carry for a KPI. */
@Type("ConnectorKpiKey")
@Input("ConnectorKpiKeyInput")
@Description("The key a source's rows carry (the kpi_key column, or the value at kpiKeyPointer) for one KPI.")
public class ConnectorKpiKey {
    @NonNull
    public String key;
    @NonNull
    @Id
    public String kpiId;

    public ConnectorKpiKey() {
    }

    public ConnectorKpiKey(String key, String kpiId) {
        this.key = key;
        this.kpiId = kpiId;
    }
}
