package org.throughline.plan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Version;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.OffsetDateTime;

/** A transformation programme ("Cloud ERP migration"), the root of a plan. */
@Entity
@Key(fields = @FieldSet("id"))
@Description("A transformation programme, such as a cloud ERP migration.")
public class Initiative extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    @NonNull
    public String name;

    @Description("The business outcome the programme exists for.")
    public String objective;

    @Description("The executive who sponsors the programme.")
    public String sponsor;

    @NonNull
    @Enumerated(EnumType.STRING)
    public InitiativeStatus status = InitiativeStatus.ACTIVE;

    @Ignore
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Ignore
    @Version
    public long version;
}
