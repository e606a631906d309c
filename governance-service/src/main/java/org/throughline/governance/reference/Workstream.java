package org.throughline.governance.reference;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

/** A plan-service workstream known here by its key alone; governance adds its outcome realisation. */
@Key(fields = @FieldSet("id"))
@Description("A lane of an initiative, owned by the plan subgraph.")
public class Workstream {

    @Id
    @NonNull
    public final String id;

    public Workstream(String id) {
        this.id = id;
    }
}
