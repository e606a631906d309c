package org.throughline.governance.reference;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.subgraph.Inputs;

/** A person known by their user id; governance adds the commitments they are accountable for. */
@Key(fields = @FieldSet("id"))
@Description("A person, by user id; each part of the platform adds what they are accountable for there.")
public class Person {

    @Id
    @NonNull
    public final String id;

    /** The person by their user id in any case: a representation from a router may spell it as a client did. */
    public Person(String id) {
        this.id = Inputs.canonicalUserId(id);
    }
}
