package org.throughline.governance.reference;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** A plan-service milestone known here by its key alone; the gateway fetches everything else from plan-service. */
@Key(fields = @FieldSet("id"))
@Description("A milestone of the plan, owned by the plan subgraph.")
public class Milestone {

    @Id
    @NonNull
    public final String id;

    public Milestone(String id) {
        this.id = id;
    }
}
