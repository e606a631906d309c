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
import jakarta.persistence.Version;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** An operational measure of how the business is doing, with where it stood (baseline) and where it must get to (target). */
@Entity
@Key(fields = @FieldSet("id"))
@Description("An operational measure, such as quote turnaround time, with its baseline and target.")
public class Kpi extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    @NonNull
    public String name;

    public String description;

    @NonNull
    @Enumerated(EnumType.STRING)
    public KpiUnit unit;

    @NonNull
    @Enumerated(EnumType.STRING)
    public Direction direction;

    @NonNull
    @Enumerated(EnumType.STRING)
    public KpiKind kind;

    @NonNull
    @Enumerated(EnumType.STRING)
    @Column(name = "business_function")
    public BusinessFunction businessFunction;

    // Exact decimals in the database; dashboards want plain numbers, hence Float in GraphQL.
    @NonNull
    @AdaptToScalar(Scalar.Float.class)
    @Description("The value when the KPI was baselined.")
    @Column(name = "baseline_value")
    public BigDecimal baselineValue;

    @NonNull
    @Column(name = "baseline_date")
    public LocalDate baselineDate;

    @NonNull
    @AdaptToScalar(Scalar.Float.class)
    @Description("The value the business must reach by the target date.")
    @Column(name = "target_value")
    public BigDecimal targetValue;

    @NonNull
    @Column(name = "target_date")
    public LocalDate targetDate;

    @NonNull
    @Description("Days expected between two measurements; a KPI measured less often is stale.")
    @Column(name = "measurement_cadence_days")
    public int measurementCadenceDays;

    @Ignore
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Ignore
    @Version
    public long version;
}
