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
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * An operational measure of how the business is doing: where it stood (baseline), where it must get to (target), how
 * far behind plan it may fall (tolerance bands), what values are possible at all (valid range), and who answers for it.
 */
@Entity
@Key(fields = @FieldSet("id"))
@Description("An operational measure, such as quote turnaround time, with its baseline, target, tolerance bands and steward.")
public class Kpi extends PanacheEntityBase {

    /** The zone of KPIs defined before KPIs had one. */
    public static final String UTC = "UTC";

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
    @AdaptToScalar(Scalar.Float.class)
    @Description("How far behind the planned value, in the KPI's unit, it may fall and still be ON_TRACK.")
    @Column(name = "at_risk_tolerance")
    public BigDecimal atRiskTolerance;

    @NonNull
    @AdaptToScalar(Scalar.Float.class)
    @Description("How far behind the planned value, in the KPI's unit, it may fall and still be only AT_RISK; beyond it is OFF_TRACK.")
    @Column(name = "off_track_tolerance")
    public BigDecimal offTrackTolerance;

    @AdaptToScalar(Scalar.Float.class)
    @Description("The lowest value a measurement can have (a share cannot be below 0); none when not set.")
    @Column(name = "valid_min")
    public BigDecimal validMin;

    @AdaptToScalar(Scalar.Float.class)
    @Description("The highest value a measurement can have (a share cannot exceed 100); none when not set.")
    @Column(name = "valid_max")
    public BigDecimal validMax;

    @NonNull
    @Description("Days expected between two measurements; a KPI measured less often is stale.")
    @Column(name = "measurement_cadence_days")
    public int measurementCadenceDays;

    @NonNull
    @Description("Days of measurements, up to the day of the analysis, that the trend is fitted to.")
    @Column(name = "trend_window_days")
    public int trendWindowDays;

    @NonNull
    @Description("The time zone whose calendar the KPI's business days follow (an IANA id such as Europe/Berlin): a "
            + "value for a day that has not begun there yet is refused, and today's analytics are for its today.")
    @Column(name = "time_zone")
    public String timeZone;

    @NonNull
    @Description("The user id of the KPI's steward, the one person accountable for it.")
    @Column(name = "accountable_owner")
    public String accountableOwner;

    @NonNull
    @Version
    @Description("Changes name the version they were based on; a stale version is refused.")
    public int version;

    /**
     * The KPIs that drive this one, by id, sorted. A KPI rebuilt from its history carries them; for a live KPI the
     * service loads them before it records a revision.
     */
    @Ignore
    @Transient
    public List<Long> driverIds;

    /** Null for the live KPI; the instant it answers for when read as known in the past. */
    @Ignore
    @Transient
    public Instant asOf;

    /** Everything a revision records of a KPI's definition. */
    public record State(Long id, String name, String description, KpiUnit unit, Direction direction, KpiKind kind,
                        BusinessFunction businessFunction, BigDecimal baselineValue, LocalDate baselineDate,
                        BigDecimal targetValue, LocalDate targetDate, BigDecimal atRiskTolerance,
                        BigDecimal offTrackTolerance, BigDecimal validMin, BigDecimal validMax,
                        int measurementCadenceDays, int trendWindowDays, String timeZone, String accountableOwner,
                        List<Long> drivers) {
    }

    public State state() {
        if (driverIds == null) {
            throw new IllegalStateException("KPI " + id + ": drivers not loaded before taking its state");
        }
        return new State(id, name, description, unit, direction, kind, businessFunction, baselineValue, baselineDate,
                targetValue, targetDate, atRiskTolerance, offTrackTolerance, validMin, validMax,
                measurementCadenceDays, trendWindowDays, timeZone, accountableOwner, List.copyOf(driverIds));
    }

    /** The KPI as its history recorded it, detached from the database. */
    public static Kpi rebuilt(State state, int version, Instant asOf) {
        Kpi kpi = new Kpi();
        kpi.id = state.id();
        kpi.name = state.name();
        kpi.description = state.description();
        kpi.unit = state.unit();
        kpi.direction = state.direction();
        kpi.kind = state.kind();
        kpi.businessFunction = state.businessFunction();
        kpi.baselineValue = state.baselineValue();
        kpi.baselineDate = state.baselineDate();
        kpi.targetValue = state.targetValue();
        kpi.targetDate = state.targetDate();
        kpi.atRiskTolerance = state.atRiskTolerance();
        kpi.offTrackTolerance = state.offTrackTolerance();
        kpi.validMin = state.validMin();
        kpi.validMax = state.validMax();
        kpi.measurementCadenceDays = state.measurementCadenceDays();
        kpi.trendWindowDays = state.trendWindowDays();
        // Revisions from before KPIs had a zone: their days were counted in UTC (V6 gave those KPIs UTC).
        kpi.timeZone = state.timeZone() == null ? UTC : state.timeZone();
        kpi.accountableOwner = state.accountableOwner();
        kpi.driverIds = state.drivers() == null ? List.of() : List.copyOf(state.drivers());
        kpi.version = version;
        kpi.asOf = asOf;
        return kpi;
    }

    /** The zone of the KPI's business days. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /**
     * The business day analytics are computed for: today in the KPI's zone, or the day there of the instant the KPI
     * answers for.
     */
    public LocalDate analysisDay() {
        return asOf == null ? LocalDate.now(zone()) : LocalDate.ofInstant(asOf, zone());
    }
}
