package org.throughline.kpi.graphql;

import io.smallrye.graphql.api.Nullable;
import io.smallrye.graphql.api.federation.Inaccessible;
import io.smallrye.graphql.api.federation.Shareable;
import io.smallrye.graphql.api.federation.link.Import;
import io.smallrye.graphql.api.federation.link.Link;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.throughline.kpi.BusinessFunction;
import org.throughline.kpi.Kpi;
import org.throughline.kpi.KpiRevision;
import org.throughline.kpi.Measurement;
import org.throughline.kpi.Person;
import org.throughline.kpi.analytics.KpiAnalytics;
import org.throughline.kpi.analytics.KpiAnalyticsService;
import org.throughline.kpi.analytics.KpiAnalyticsService.Bucket;
import org.throughline.kpi.analytics.KpiCalculator;
import org.throughline.kpi.analytics.SeriesPoint;
import org.throughline.kpi.connector.ConnectorService;
import org.throughline.kpi.connector.KpiFeed;
import org.throughline.kpi.service.KpiNotFoundException;
import org.throughline.kpi.service.KpiService;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.People;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The KPI subgraph's reads: translates between GraphQL and the services, nothing more. Root queries are nullable, so
 * that through the gateway a kpi-service that cannot answer nulls its own root fields, not the other services' data
 * beside them.
 */
@GraphQLApi
// v2.7: SmallRye declares @override with its label argument, which Apollo composition accepts from 2.7 on.
@Link(url = "https://specs.apollo.dev/federation/v2.7", _import = {
        @Import(name = "@key"), @Import(name = "@shareable"), @Import(name = "@external"),
        @Import(name = "@requires"), @Import(name = "@provides")})
public class KpiGraphQLApi {

    private static final String AS_OF = "What was known at this instant: the definitions then, and only the "
            + "measurements recorded by then; analytics are for that day.";

    @Inject
    KpiService kpiService;

    @Inject
    KpiAnalyticsService analytics;

    @Inject
    ConnectorService connectors;

    // @Nullable: SmallRye reads the elements' @NonNull as the list's own, which would make the root field non-null.
    @Query("kpis")
    @Description("Every KPI, or those of one business function or steward, oldest first; a page at a time with first "
            + "(1 to 500): the first KPIs after the one whose id is after.")
    public @Nullable List<@NonNull Kpi> kpis(BusinessFunction businessFunction, @Id String accountableOwner,
                                             @Description(AS_OF) OffsetDateTime asOf, Integer first,
                                             @Id String after) throws BadInputException {
        return kpiService.kpis(businessFunction, accountableOwner, asOf, first, after);
    }

    @Query("kpi")
    @Description("One KPI by id; an unknown id is a kpi-not-found error.")
    public Kpi kpi(@NonNull @Id String id, @Description(AS_OF) OffsetDateTime asOf)
            throws KpiNotFoundException, BadInputException {
        return kpiService.kpi(id, asOf).orElseThrow(() -> new KpiNotFoundException("id", id));
    }

    @Query("person")
    @Shareable
    @Description(People.PERSON_QUERY)
    public Person person(@NonNull @Id String id) throws BadInputException {
        return new Person(Inputs.userId("id", id));
    }

    // ----- fields, each batched over all parents -----

    @Description("Every recording of the KPI, oldest business day first; a correction follows what it corrects.")
    public List<@NonNull List<@NonNull Measurement>> measurements(@Source List<Kpi> kpis) {
        return kpiService.measurementsOf(kpis);
    }

    @Description("The latest value: the latest business day's latest recording. Null before the first measurement.")
    public List<Double> currentValue(@Source List<Kpi> kpis) {
        return analytics.currentValuesOf(kpis);
    }

    @Description("Where the KPI stands against its plan: current, planned, variance, attainment, trend, forecast, status.")
    public List<@NonNull KpiAnalytics> analytics(@Source List<Kpi> kpis) {
        return analytics.analyticsOf(kpis);
    }

    @Description("The values by business day, oldest first.")
    public List<@NonNull List<@NonNull SeriesPoint>> seriesByDay(@Source List<Kpi> kpis) {
        return analytics.seriesOf(kpis, Bucket.DAY);
    }

    @Description("The values by week (Monday to Sunday), oldest first.")
    public List<@NonNull List<@NonNull SeriesPoint>> seriesByWeek(@Source List<Kpi> kpis) {
        return analytics.seriesOf(kpis, Bucket.WEEK);
    }

    @Description("The values by calendar month, oldest first.")
    public List<@NonNull List<@NonNull SeriesPoint>> seriesByMonth(@Source List<Kpi> kpis) {
        return analytics.seriesOf(kpis, Bucket.MONTH);
    }

    /** Needs nothing but the KPI's definition, so it is computed per KPI without reading the database. */
    @Description("The planned value on a day: the baseline before the baseline date, the target after the target "
            + "date, the straight line in between.")
    public double plannedValueAt(@Source Kpi kpi, @NonNull LocalDate date) {
        return KpiCalculator.plannedValueAt(kpi, date);
    }

    @Description("The connectors that feed the KPI from the systems that produce its values, with their health: a "
            + "FAILING feed says since when and why. As they are now, whatever asOf says; empty for a KPI measured by "
            + "hand.")
    public List<@NonNull List<@NonNull KpiFeed>> feeds(@Source List<Kpi> kpis) {
        return connectors.feedsOf(kpis);
    }

    @Description("The KPIs that drive this one (its lead measures), by id.")
    public List<@NonNull List<@NonNull Kpi>> drivers(@Source List<Kpi> kpis) {
        return kpiService.driversOf(kpis);
    }

    @Description("The KPIs this one drives, by id.")
    public List<@NonNull List<@NonNull Kpi>> drives(@Source List<Kpi> kpis) {
        return kpiService.drivenBy(kpis);
    }

    @Description("Every change to the KPI's definition, handovers of stewardship included, oldest first.")
    public List<@NonNull List<@NonNull KpiRevision>> revisions(@Source List<Kpi> kpis) {
        return kpiService.revisionsOf(kpis);
    }

    @Description("The KPI the measurement is a value of.")
    public List<@NonNull Kpi> kpi(@Source List<Measurement> measurements) {
        return kpiService.kpisOf(measurements);
    }

    @Name("correctionOf")
    @Description("The measurement this one corrects; null for a first recording.")
    public List<Measurement> correctionOf(@Source List<Measurement> measurements) {
        return kpiService.correctedBy(measurements);
    }

    // Every service adds to Person: what this one adds is nullable, so that with kpi-service down a person query
    // still answers with what the other services hold.
    @Name("accountableKpis")
    @Description("The KPIs this person stewards.")
    public List<List<@NonNull Kpi>> accountableKpis(@Source List<Person> people) {
        return kpiService.kpisAccountableOf(people);
    }

    // ----- entity resolvers: SmallRye batches _entities only through queries, so these exist, hidden from clients -----

    @Query("kpisById")
    @Inaccessible
    @Description("KPIs by id, in the order asked, null where an id names none: the batched entity resolver.")
    public @NonNull List<Kpi> kpisById(@NonNull List<@NonNull String> id) {
        return kpiService.kpisInOrder(id);
    }

    @Query("measurementsById")
    @Inaccessible
    @Description("Measurements by id, in the order asked, null where an id names none: the batched entity resolver.")
    public @NonNull List<Measurement> measurementsById(@NonNull List<@NonNull String> id) {
        return kpiService.measurementsInOrder(id);
    }

    @Query("kpiPeopleById")
    @Inaccessible
    @Description("People by user id, in the order asked: the batched entity resolver. Every subgraph that knows "
            + "Person has one, so each names it apart to compose.")
    public @NonNull List<Person> kpiPeopleById(@NonNull List<@NonNull String> id) {
        return id.stream().map(Person::new).toList();
    }
}
