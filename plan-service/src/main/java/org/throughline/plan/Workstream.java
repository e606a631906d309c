package org.throughline.plan;

import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.SequenceGenerator;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.Instant;

/** A lane of an initiative, tied to the business function it serves ("Sales pricing"). */
@Entity
@Key(fields = @FieldSet("id"))
@Description("A lane of an initiative, tied to the business function it serves.")
public class Workstream extends PlanItemEntity {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "workstream_seq")
    @SequenceGenerator(name = "workstream_seq", sequenceName = "workstream_seq", allocationSize = 50)
    @Id
    @NonNull
    public Long id;

    /** The initiative is served through a batched field resolver, not a lazy association. */
    @Ignore
    @Column(name = "initiative_id", nullable = false, updatable = false)
    public Long initiativeId;

    @NonNull
    public String name;

    @NonNull
    @Enumerated(EnumType.STRING)
    @Column(name = "business_function")
    public BusinessFunction businessFunction;

    /** Everything a revision records of a workstream. */
    public record State(Long id, Long initiativeId, String name, BusinessFunction businessFunction,
                        String accountableOwner) {
    }

    @Override
    public State state() {
        return new State(id, initiativeId, name, businessFunction, accountableOwner);
    }

    /** The workstream as a revision recorded it, detached from the database. */
    public static Workstream rebuilt(State state, int version, Instant asOf) {
        Workstream workstream = new Workstream();
        workstream.id = state.id();
        workstream.initiativeId = state.initiativeId();
        workstream.name = state.name();
        workstream.businessFunction = state.businessFunction();
        workstream.accountableOwner = state.accountableOwner();
        workstream.rebuiltAt(version, asOf);
        return workstream;
    }

    @Override
    public PlanItemKind itemKind() {
        return PlanItemKind.WORKSTREAM;
    }

    @Override
    public Long itemId() {
        return id;
    }

    @Override
    public Long initiativeKey() {
        return initiativeId;
    }
}
