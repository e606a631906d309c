package org.throughline.kpi.service;

import org.throughline.kpi.Direction;
import org.throughline.kpi.Kpi;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The rules of a KPI definition and of a measured value that need nothing but the KPI: bounds of every field, a target
 * that lies ahead of the baseline in the KPI's direction, tolerance bands in order, a valid range that holds both
 * baseline and target, no value from the future or outside the range.
 */
public final class KpiRules {

    static final int NAME_LENGTH = 200;
    static final int DESCRIPTION_LENGTH = 2000;
    static final int REASON_LENGTH = 2000;
    public static final int KEY_LENGTH = 200;
    static final int DEFAULT_TREND_WINDOW_DAYS = 90;
    /** Values are smaller than this in magnitude. */
    public static final BigDecimal LARGEST = new BigDecimal("1e15");
    private static final BigDecimal AT_RISK_SHARE = new BigDecimal("0.10");
    private static final BigDecimal OFF_TRACK_SHARE = new BigDecimal("0.25");

    private KpiRules() {
    }

    static String reason(String reason) throws RejectedInputException {
        return Inputs.optionalText("reason", reason, REASON_LENGTH).orElse(null);
    }

    /** A new KPI; its business days follow {@code platformZone} unless the steward names a zone. */
    static Kpi newKpi(NewKpi input, ZoneId platformZone) throws RejectedInputException {
        Kpi kpi = new Kpi();
        kpi.name = Inputs.requiredText("name", input.name, NAME_LENGTH);
        kpi.description = Inputs.optionalText("description", input.description, DESCRIPTION_LENGTH).orElse(null);
        kpi.unit = input.unit;
        kpi.direction = input.direction;
        kpi.kind = input.kind;
        kpi.businessFunction = input.businessFunction;
        kpi.baselineValue = decimal("baselineValue", input.baselineValue);
        kpi.baselineDate = Inputs.requiredDate("baselineDate", input.baselineDate);
        kpi.targetValue = decimal("targetValue", input.targetValue);
        kpi.targetDate = Inputs.requiredDate("targetDate", input.targetDate);
        BigDecimal span = kpi.targetValue.subtract(kpi.baselineValue).abs();
        kpi.atRiskTolerance = input.atRiskTolerance != null ? decimal("atRiskTolerance", input.atRiskTolerance)
                : share(span, AT_RISK_SHARE);
        kpi.offTrackTolerance = input.offTrackTolerance != null ? decimal("offTrackTolerance", input.offTrackTolerance)
                : share(span, OFF_TRACK_SHARE).max(kpi.atRiskTolerance);
        kpi.validMin = input.validMin == null ? null : decimal("validMin", input.validMin);
        kpi.validMax = input.validMax == null ? null : decimal("validMax", input.validMax);
        kpi.measurementCadenceDays = Inputs.range("measurementCadenceDays", input.measurementCadenceDays, 1, 366);
        kpi.trendWindowDays = Objects.requireNonNullElse(
                Inputs.range("trendWindowDays", input.trendWindowDays, 7, 3660), DEFAULT_TREND_WINDOW_DAYS);
        kpi.timeZone = input.timeZone == null ? platformZone.getId() : timeZone("timeZone", input.timeZone);
        kpi.accountableOwner = Inputs.userId("accountableOwner", input.accountableOwner);
        check(kpi);
        return kpi;
    }

    /** Applies the changes that need nothing but the KPI, then checks the definition as a whole. */
    static void apply(Kpi kpi, KpiChanges changes, String reason) throws RejectedInputException {
        if (changes.name != null) {
            kpi.name = Inputs.requiredText("name", changes.name, NAME_LENGTH);
        }
        if (changes.description != null) {
            kpi.description = Inputs.optionalText("description", changes.description, DESCRIPTION_LENGTH).orElse(null);
        }
        if (changes.kind != null) {
            kpi.kind = changes.kind;
        }
        if (changes.businessFunction != null) {
            kpi.businessFunction = changes.businessFunction;
        }
        boolean moved = false;
        if (changes.baselineValue != null) {
            BigDecimal value = decimal("baselineValue", changes.baselineValue);
            if (value.compareTo(kpi.baselineValue) != 0) {
                kpi.baselineValue = value;
                moved = true;
            }
        }
        if (changes.baselineDate != null && !changes.baselineDate.equals(kpi.baselineDate)) {
            kpi.baselineDate = Inputs.date("baselineDate", changes.baselineDate);
            moved = true;
        }
        if (changes.targetValue != null) {
            BigDecimal value = decimal("targetValue", changes.targetValue);
            if (value.compareTo(kpi.targetValue) != 0) {
                kpi.targetValue = value;
                moved = true;
            }
        }
        if (changes.targetDate != null && !changes.targetDate.equals(kpi.targetDate)) {
            kpi.targetDate = Inputs.date("targetDate", changes.targetDate);
            moved = true;
        }
        if (moved && reason == null) {
            throw new ReasonRequiredException("Moving a KPI's baseline or target");
        }
        if (changes.atRiskTolerance != null) {
            kpi.atRiskTolerance = decimal("atRiskTolerance", changes.atRiskTolerance);
        }
        if (changes.offTrackTolerance != null) {
            kpi.offTrackTolerance = decimal("offTrackTolerance", changes.offTrackTolerance);
        }
        if (changes.validMin != null) {
            kpi.validMin = decimal("validMin", changes.validMin);
        }
        if (changes.validMax != null) {
            kpi.validMax = decimal("validMax", changes.validMax);
        }
        if (changes.measurementCadenceDays != null) {
            kpi.measurementCadenceDays = Inputs.range("measurementCadenceDays", changes.measurementCadenceDays, 1, 366);
        }
        if (changes.trendWindowDays != null) {
            kpi.trendWindowDays = Inputs.range("trendWindowDays", changes.trendWindowDays, 7, 3660);
        }
        if (changes.timeZone != null) {
            kpi.timeZone = timeZone("timeZone", changes.timeZone);
        }
        if (changes.accountableOwner != null) {
            kpi.accountableOwner = Inputs.userId("accountableOwner", changes.accountableOwner);
        }
        check(kpi);
    }

    /** The definition as a whole: a target ahead of the baseline, bands in order, a range that holds both. */
    static void check(Kpi kpi) throws InvalidKpiException {
        if (!kpi.targetDate.isAfter(kpi.baselineDate)) {
            throw new InvalidKpiException("targetDate", "The target date " + kpi.targetDate
                    + " must come after the baseline date " + kpi.baselineDate + ".");
        }
        int ahead = kpi.targetValue.compareTo(kpi.baselineValue);
        if (kpi.direction == Direction.HIGHER_IS_BETTER ? ahead <= 0 : ahead >= 0) {
            throw new InvalidKpiException("targetValue", "A " + kpi.direction + " KPI's target must lie "
                    + (kpi.direction == Direction.HIGHER_IS_BETTER ? "above" : "below") + " its baseline "
                    + kpi.baselineValue.toPlainString() + "; it is " + kpi.targetValue.toPlainString() + ".");
        }
        if (kpi.atRiskTolerance.signum() < 0) {
            throw new InvalidKpiException("atRiskTolerance", "The AT_RISK tolerance cannot be negative.");
        }
        if (kpi.offTrackTolerance.compareTo(kpi.atRiskTolerance) < 0) {
            throw new InvalidKpiException("offTrackTolerance", "The OFF_TRACK tolerance "
                    + kpi.offTrackTolerance.toPlainString() + " must be at least the AT_RISK tolerance "
                    + kpi.atRiskTolerance.toPlainString() + ".");
        }
        if (kpi.validMin != null && kpi.validMax != null && kpi.validMin.compareTo(kpi.validMax) >= 0) {
            throw new InvalidKpiException("validMin", "The valid range needs its minimum below its maximum.");
        }
        for (BigDecimal value : new BigDecimal[] {kpi.baselineValue, kpi.targetValue}) {
            if (outside(kpi, value)) {
                throw new InvalidKpiException(kpi.validMin != null && value.compareTo(kpi.validMin) < 0 ? "validMin"
                        : "validMax", "Baseline and target must lie in the valid range " + range(kpi) + "; "
                        + value.toPlainString() + " does not.");
            }
        }
    }

    /**
     * A time zone as the JVM's rules know it by its IANA id (Europe/Berlin, UTC): not a bare offset, which would
     * keep no daylight saving time and which PostgreSQL reads with the opposite sign.
     */
    static String timeZone(String field, String value) throws BadInputException {
        String id = value.strip();
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            throw new BadInputException(field, "is not a time zone (an IANA id such as Europe/Berlin or UTC): "
                    + Inputs.shown(value));
        }
        return id;
    }

    /**
     * A measured value for a business day: of a day that has begun in the KPI's zone (a value for a day that has
     * not cannot have been observed), not outside the KPI's valid range.
     */
    static void checkMeasurement(Kpi kpi, String valueField, BigDecimal value, String dayField, LocalDate observedAt)
            throws RejectedInputException {
        Inputs.requiredDate(dayField, observedAt);
        LocalDate today = LocalDate.now(kpi.zone());
        if (observedAt.isAfter(today)) {
            throw new ObservedInFutureException(dayField, notBegun(observedAt, kpi.timeZone, today));
        }
        if (outside(kpi, value)) {
            throw new ValueOutOfRangeException(valueField, value.toPlainString() + " lies outside the valid range "
                    + range(kpi) + " of KPI " + kpi.id + ".");
        }
    }

    /**
     * A number as stored: exactly the decimal the client's double prints as (48.0 stays 48.0, which GraphQL then
     * shows as a Float), of sane size. Values are compared with compareTo, so 48 and 48.0 are one value.
     */
    static BigDecimal decimal(String field, Double value) throws BadInputException {
        if (value == null) {
            throw new BadInputException(field, "is required");
        }
        if (value.isNaN() || value.isInfinite()) {
            throw new BadInputException(field, "must be a finite number");
        }
        BigDecimal decimal = BigDecimal.valueOf(value);
        if (decimal.abs().compareTo(LARGEST) >= 0) {
            throw new BadInputException(field, "must be smaller than 10^15 in magnitude");
        }
        return decimal;
    }

    /** Why a value for {@code day} is refused while it is {@code today} in {@code zone}. */
    private static String notBegun(LocalDate day, String zone, LocalDate today) {
        return "The business day " + day + " has not begun yet in " + zone + ", the KPI's time zone, where it is "
                + today + "; a value can only be observed for a day that has begun.";
    }

    private static boolean outside(Kpi kpi, BigDecimal value) {
        return (kpi.validMin != null && value.compareTo(kpi.validMin) < 0)
                || (kpi.validMax != null && value.compareTo(kpi.validMax) > 0);
    }

    private static String range(Kpi kpi) {
        return "[" + (kpi.validMin == null ? "−∞" : kpi.validMin.toPlainString()) + ", "
                + (kpi.validMax == null ? "∞" : kpi.validMax.toPlainString()) + "]";
    }

    private static BigDecimal share(BigDecimal span, BigDecimal share) {
        BigDecimal value = span.multiply(share).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return value.scale() < 1 ? value.setScale(1) : value;
    }
}
