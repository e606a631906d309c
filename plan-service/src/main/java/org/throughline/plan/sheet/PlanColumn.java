package org.throughline.plan.sheet;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns of a plan spreadsheet, one row per milestone. Structure columns (key, workstream, title, baseline,
 * owner, dependencies) say what the plan is and are required; status columns are optional, and a blank cell there
 * leaves the value as it is. Headers match ignoring case, spaces, hyphens and underscores.
 */
public enum PlanColumn {
    KEY("key", true, "externalKey"),
    WORKSTREAM("workstream", true, null),
    BUSINESS_FUNCTION("business_function", false, "businessFunction"),
    WORKSTREAM_OWNER("workstream_owner", false, null),
    TITLE("title", true, "title"),
    SCOPE("scope", false, "scope"),
    BASELINE_FINISH("baseline_finish", true, "baselineFinish"),
    FORECAST_FINISH("forecast_finish", false, "forecastFinish"),
    ACTUAL_FINISH("actual_finish", false, "actualFinish"),
    DELIVERY_STATUS("delivery_status", false, "deliveryStatus"),
    HEALTH("health", false, "health"),
    STAGE_GATE("stage_gate", false, "stageGate"),
    OWNER("owner", true, "accountableOwner"),
    DEPENDS_ON("depends_on", false, "dependsOn");

    private final String header;
    private final boolean required;
    private final String field;

    PlanColumn(String header, boolean required, String field) {
        this.header = header;
        this.required = required;
        this.field = field;
    }

    public String header() {
        return header;
    }

    public boolean required() {
        return required;
    }

    /** The column a header names, however it is written ("Baseline finish", "BASELINE-FINISH"). */
    public static Optional<PlanColumn> ofHeader(String header) {
        String plain = normalised(header);
        return Arrays.stream(values()).filter(column -> normalised(column.header).equals(plain)).findFirst();
    }

    /** The column that holds what a domain rule calls {@code field}; the key column for anything else. */
    public static PlanColumn ofField(String field) {
        return Arrays.stream(values()).filter(column -> field.equals(column.field)).findFirst().orElse(KEY);
    }

    private static String normalised(String header) {
        return header == null ? "" : header.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
    }
}
