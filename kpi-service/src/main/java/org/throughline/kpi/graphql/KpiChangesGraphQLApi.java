package org.throughline.kpi.graphql;

import io.smallrye.graphql.api.federation.policy.Policy;
import io.smallrye.graphql.api.federation.policy.PolicyGroup;
import io.smallrye.graphql.api.federation.policy.PolicyItem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.Measurement;
import org.throughline.kpi.service.KpiChangeService;
import org.throughline.kpi.service.KpiChanges;
import org.throughline.kpi.service.MeasurementService;
import org.throughline.kpi.service.NewKpi;
import org.throughline.kpi.service.NewMeasurement;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.Roles;

/** The KPI subgraph's changes: definitions with versions and history, measurements that are only ever added. */
@GraphQLApi
public class KpiChangesGraphQLApi {

    @Inject
    KpiChangeService kpis;

    @Inject
    MeasurementService measurements;

    @RolesAllowed(Roles.KPI_STEWARD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.KPI_STEWARD))})
    @Mutation("createKpi")
    @Description("Defines a KPI with its steward; a definition that breaks its own rules is an invalid-kpi error naming the field.")
    public @NonNull Kpi createKpi(@NonNull @Name("kpi") NewKpi kpi) throws RejectedInputException {
        return kpis.createKpi(kpi);
    }

    @RolesAllowed(Roles.KPI_STEWARD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.KPI_STEWARD))})
    @Mutation("updateKpi")
    @Description("Changes a KPI's definition, based on the version read; a stale version is a version-conflict error "
            + "and nothing is written. Recorded in the KPI's revisions.")
    public @NonNull Kpi updateKpi(@NonNull @Id String id, @NonNull Integer version,
                                  @NonNull @Name("changes") KpiChanges changes,
                                  @Description("Why; required for moving the baseline or the target.") String reason)
            throws RejectedInputException {
        return kpis.updateKpi(id, version, changes, reason);
    }

    @RolesAllowed(Roles.KPI_STEWARD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.KPI_STEWARD))})
    @Mutation("recordMeasurement")
    @Description("Records a KPI value. A value for a business day that has not begun yet in the KPI's time zone is an "
            + "observed-in-future error, one outside "
            + "the KPI's valid range a value-out-of-range error. A retry with the same idempotencyKey returns the first "
            + "measurement, also when the retries race; the same key with other content is an idempotency-key-reused error.")
    public @NonNull Measurement recordMeasurement(@NonNull @Name("measurement") NewMeasurement measurement)
            throws RejectedInputException {
        return measurements.record(measurement);
    }

    @RolesAllowed(Roles.KPI_STEWARD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.KPI_STEWARD))})
    @Mutation("correctMeasurement")
    @Description("Records a corrected value for the same KPI and business day; the measurement corrected stays in the "
            + "history, and the correction becomes the day's value.")
    public @NonNull Measurement correctMeasurement(@NonNull @Id String measurementId, @NonNull Double value,
                                                   @NonNull @Description("Why the value was wrong.") String reason,
                                                   String idempotencyKey) throws RejectedInputException {
        return measurements.correct(measurementId, value, reason, idempotencyKey);
    }
}
