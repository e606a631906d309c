package org.throughline.kpi;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.smallrye.graphql.api.AdaptToScalar;
import io.smallrye.graphql.api.Scalar;
import io.smallrye.graphql.api.federation.FieldSet;
import io.smallrye.graphql.api.federation.Key;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.Immutable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One value of a KPI for a business day (observedAt), as the platform learnt it (recordedAt). Append-only, so it has
 * no version: a correction is a newer measurement for the same day that names the one it corrects and why, and the
 * database refuses updates and deletes. The value of a day is its latest recording.
 */
@Entity
@Immutable
@Key(fields = @FieldSet("id"))
@Description("A KPI value observed for a business day; a correction is a newer measurement, nothing is overwritten.")
public class Measurement extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    /** The KPI is served through a batched field resolver, not a lazy association. */
    @Ignore
    @Column(name = "kpi_id", nullable = false)
    public Long kpiId;

    @NonNull
    @AdaptToScalar(Scalar.Float.class)
    public BigDecimal value;

    @NonNull
    @Description("The business day the value holds for.")
    @Column(name = "observed_at")
    public LocalDate observedAt;

    // The database clock decides, so that the order of recording does not depend on which pod took the call.
    @NonNull
    @Generated
    @Description("When the platform recorded the value.")
    @Column(name = "recorded_at", insertable = false, updatable = false)
    public OffsetDateTime recordedAt;

    @NonNull
    @Enumerated(EnumType.STRING)
    public MeasurementSource source = MeasurementSource.MANUAL;

    @Description("Who recorded the value.")
    @Column(name = "recorded_by")
    public String recordedBy;

    /** The measurement this one corrects, served through a batched field resolver. */
    @Ignore
    @Column(name = "correction_of", updatable = false)
    public Long correctionOf;

    @Description("Why the value was corrected; set on corrections only.")
    @Column(updatable = false)
    public String reason;

    /** The client's key for a retried call; matching it is the service's business, not the API's. */
    @Ignore
    @Column(name = "idempotency_key", updatable = false)
    public String idempotencyKey;

    /** Whether this measurement says the same as a retried request would: same KPI, value and day. */
    public boolean records(Long kpiId, BigDecimal value, LocalDate observedAt) {
        return this.kpiId.equals(kpiId) && this.value.compareTo(value) == 0 && this.observedAt.equals(observedAt);
    }
}
