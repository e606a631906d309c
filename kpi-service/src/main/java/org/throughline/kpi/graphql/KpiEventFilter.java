package org.throughline.kpi.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import java.util.List;

/** Which KPIs' changes a subscriber receives. */
@Input("KpiEventFilter")
@Description("Which KPIs' changes to receive: all when empty.")
public class KpiEventFilter {
    @Id
    @Description("Only the changes of these KPIs.")
    public List<@NonNull String> kpiIds;
}
