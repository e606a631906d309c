package org.throughline.kpi.connector;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.OffsetDateTime;

/**
 * A connector as the readers of a KPI see it: whether the system that produces the KPI's values still feeds it, and
 * if not since when and why. Unlike {@link Connector} it carries nothing of the source's definition (no URL, query or
 * credential name), so that everyone who may read the KPI may read it.
 */
@Description("A connector that feeds the KPI, as everyone who reads the KPI sees it: its name and health, its latest "
        + "run, and when it is failing, since when and why. The source's definition is not shown here.")
public class KpiFeed {
    @NonNull
    @Id
    public String connectorId;
    @NonNull
    public String name;
    @NonNull
    public ConnectorKind kind;
    @NonNull
    @Description("False when its schedule is switched off: it runs only when asked.")
    public Boolean enabled;
    @NonNull
    @Description("By its latest run: NEVER_RUN, HEALTHY or FAILING.")
    public ConnectorHealth health;
    @Description("When its latest run started; null before the first.")
    public OffsetDateTime lastRunAt;
    @Description("When its latest successful run started; null if none succeeded yet.")
    public OffsetDateTime lastSucceededAt;
    @Description("When FAILING: when the first of the runs failing since the last success started.")
    public OffsetDateTime failingSince;
    @Description("When FAILING: why the latest run failed, as a code (source-unreachable, credential-refused, "
            + "query-failed, mapping-matched-nothing, ...), rows-rejected when it refused rows.")
    public String lastErrorCode;
    @Description("When FAILING: why the latest run failed, in words.")
    public String lastError;
    @NonNull
    @Description("The next scheduled run, when its schedule is on.")
    public OffsetDateTime nextRunAt;

    /** The KPI the feed is listed for: one connector keyed to several KPIs is a feed of each. */
    @Ignore
    public Long kpiId;
}
