package org.throughline.governance.reference;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** A kpi-service KPI known here by its key alone; the gateway fetches everything else from kpi-service. */
@Key(fields = @FieldSet("id"))
@Description("An operational KPI, owned by the KPI subgraph.")
public class Kpi {

    @Id
    @NonNull
    public final String id;

    public Kpi(String id) {
        this.id = id;
    }
}
