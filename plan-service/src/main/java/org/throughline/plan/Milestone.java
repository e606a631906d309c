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

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A technical deliverable of an initiative, with its baseline, forecast and actual finish. */
@Entity
@Key(fields = @FieldSet("id"))
@Description("A technical deliverable of an initiative.")
public class Milestone extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    /** The initiative is served through a batched field resolver, not a lazy association. */
    @Ignore
    @Column(name = "initiative_id", nullable = false)
    public Long initiativeId;

    @NonNull
    public String title;

    @NonNull
    @Description("The finish date as first approved.")
    @Column(name = "baseline_finish")
    public LocalDate baselineFinish;

    @NonNull
    @Description("The finish date the delivery team forecasts today.")
    @Column(name = "forecast_finish")
    public LocalDate forecastFinish;

    @Description("The day the milestone was delivered.")
    @Column(name = "actual_finish")
    public LocalDate actualFinish;

    @NonNull
    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status")
    public DeliveryStatus deliveryStatus = DeliveryStatus.NOT_STARTED;

    @NonNull
    @Enumerated(EnumType.STRING)
    public Health health = Health.GREEN;

    @Ignore
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Ignore
    @Version
    public long version;

    @NonNull
    @Description("Days the forecast finish lies behind the baseline finish; negative when ahead.")
    public int getSlippageDays() {
        return (int) java.time.temporal.ChronoUnit.DAYS.between(baselineFinish, forecastFinish);
    }
}
