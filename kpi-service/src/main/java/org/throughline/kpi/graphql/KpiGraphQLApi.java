package org.throughline.kpi.graphql;

import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.throughline.kpi.BusinessFunction;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.Measurement;
import org.throughline.kpi.service.IdempotencyKeyReusedException;
import org.throughline.kpi.service.InvalidKpiException;
import org.throughline.kpi.service.KpiNotFoundException;
import org.throughline.kpi.service.KpiService;
import org.throughline.kpi.service.NewKpi;
import org.throughline.kpi.service.NewMeasurement;

import java.util.List;

/** The KPI subgraph: translates between GraphQL and {@link KpiService}, nothing more. */
@GraphQLApi
// v2.7: SmallRye declares @override with its label argument, which Apollo composition accepts from 2.7 on.
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = {
        @Import(name = "@key"), @Import(name = "@shareable"), @Import(name = "@external"),
        @Import(name = "@requires"), @Import(name = "@provides")})
public class KpiGraphQLApi {

    @Inject
    KpiService kpiService;

    @Query("kpis")
    @Description("Every KPI, or only those of one business function, oldest first.")
    public @NonNull List<@NonNull Kpi> kpis(BusinessFunction businessFunction) {
        return kpiService.kpis(businessFunction);
    }

    @Query("kpi")
    @Description("One KPI by id; an unknown id is a kpi-not-found error.")
    public Kpi kpi(@NonNull @Id String id) throws KpiNotFoundException {
        return kpiService.kpi(id).orElseThrow(() -> new KpiNotFoundException(id));
    }

    @Description("The measurements of the KPI, oldest business day first; corrections follow what they correct.")
    public List<@NonNull List<@NonNull Measurement>> measurements(@Source List<Kpi> kpis) {
        return kpiService.measurementsOf(kpis);
    }

    @Description("The value of the latest measurement: the latest business day, and its latest correction. Null before the first measurement.")
    public List<Double> currentValue(@Source List<Kpi> kpis) {
        return kpiService.latestMeasurementsOf(kpis).stream()
                .map(latest -> latest == null ? null : latest.value.doubleValue())
                .toList();
    }

    @Description("The KPI the measurement is a value of.")
    public List<@NonNull Kpi> kpi(@Source List<Measurement> measurements) {
        return kpiService.kpisOf(measurements);
    }

    @Mutation("createKpi")
    @Description("Defines a KPI; its target date must come after its baseline date, else an invalid-kpi error.")
    public @NonNull Kpi createKpi(@NonNull @Valid @Name("kpi") NewKpi kpi) throws InvalidKpiException {
        return kpiService.createKpi(kpi);
    }

    @Mutation("recordMeasurement")
    @Description("Records a KPI value. A retry with the same idempotencyKey returns the first measurement; "
            + "the same key with other content is an idempotency-key-reused error.")
    public @NonNull Measurement recordMeasurement(@NonNull @Valid @Name("measurement") NewMeasurement measurement)
            throws KpiNotFoundException, IdempotencyKeyReusedException {
        return kpiService.recordMeasurement(measurement);
    }

    @Query("kpisById")
    @Description("KPIs by id, in the order asked, null where an id names none. Also the batched entity resolver.")
    public @NonNull List<Kpi> kpisById(@NonNull List<@NonNull String> id) {
        return kpiService.kpisInOrder(id);
    }

    @Query("measurementsById")
    @Description("Measurements by id, in the order asked, null where an id names none. Also the batched entity resolver.")
    public @NonNull List<Measurement> measurementsById(@NonNull List<@NonNull String> id) {
        return kpiService.measurementsInOrder(id);
    }
}
