package org.throughline.governance.reference;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** A plan-service initiative known here by its key alone; governance adds its outcome realisation. */
@Key(fields = @FieldSet("id"))
@Description("A transformation programme, owned by the plan subgraph.")
public class Initiative {

    @Id
    @NonNull
    public final String id;

    public Initiative(String id) {
        this.id = id;
    }
}
