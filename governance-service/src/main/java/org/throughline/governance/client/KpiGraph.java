package org.throughline.governance.client;

import io.smallrye.graphql.client.typesafe.api.Header;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import java.util.List;

/** kpi-service's GraphQL API as governance uses it, called on kpi-service itself; every method answers a batch. */
@Header(name = "Authorization", method = "org.throughline.governance.client.ServiceAccount.authorization")
public interface KpiGraph {

    /** Every KPI, with its analytics. */
    @Query("kpis")
    List<KpiFacts.Kpi> kpis();

    @Query("kpisById")
    List<KpiFacts.Kpi> kpisById(@NonNull @Name("id") List<@NonNull String> ids);
}
