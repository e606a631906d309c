package org.throughline.subgraph;

/** The realm roles of the {@code throughline} realm (k8s/base/keycloak/throughline-realm.json) that the API checks. */
public final class Roles {

    /** CEO, CIO, CFO, COO: read everything; sign off the effect of milestones. */
    public static final String EXECUTIVE = "executive";
    /** Changes the implementation plan. */
    public static final String PLAN_EDITOR = "plan-editor";
    /** Defines KPIs and records their measurements. */
    public static final String KPI_STEWARD = "kpi-steward";
    /** Tethers milestones to KPIs, runs reviews and signal evaluations. */
    public static final String GOVERNANCE_LEAD = "governance-lead";
    /** Defines the connectors that pull KPI values from other systems, and runs and backfills them. */
    public static final String INTEGRATION_ADMIN = "integration-admin";
    /** Reads everything, changes nothing. */
    public static final String VIEWER = "viewer";
    /** governance-service's own service account: the only caller of plan-service's effect-proven seam. */
    public static final String GOVERNANCE_SERVICE = "governance-service";

    public static final String[] ALL = {EXECUTIVE, PLAN_EDITOR, KPI_STEWARD, GOVERNANCE_LEAD, INTEGRATION_ADMIN, VIEWER,
            GOVERNANCE_SERVICE};

    private Roles() {
    }
}
