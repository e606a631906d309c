package org.throughline.kpi;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.measure;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/** Every list field is batched: a dashboard query over 4 or 40 KPIs costs the same number of SQL statements. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class KpiQueryCostTest {

    private static final String DASHBOARD = """
            query Dashboard($owner: ID!, $asOf: DateTime) {
              kpis(accountableOwner: $owner, asOf: $asOf) {
                name currentValue
                analytics { currentValue plannedValue variance attainment trendPerDay forecastAtTarget status }
                seriesByWeek { start value plannedValue }
                seriesByMonth { start average }
                measurements { value correctionOf { value } kpi { name } }
                drivers { name currentValue }
                drives { name }
                revisions { version changes { field } }
              }
            }
            """;

    @Inject
    SessionFactory sessionFactory;

    private static void kpis(String owner, int count) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String previous = null;
        for (int i = 0; i < count; i++) {
            String kpi = createKpi("name", owner + " " + i, "accountableOwner", owner,
                    "drivers", previous == null ? List.of() : List.of(previous));
            for (int week = 1; week <= 3; week++) {
                measure(kpi, 40 - week, today.minusWeeks(week).toString());
            }
            previous = kpi;
        }
    }

    private long statementsFor(String owner, String asOf, int count) {
        sessionFactory.getStatistics().clear();
        graphql(DASHBOARD, variables("owner", owner, "asOf", asOf))
                .body("errors", nullValue())
                .body("data.kpis", hasSize(count));
        return sessionFactory.getStatistics().getPrepareStatementCount();
    }

    @Test
    void aDashboardOfManyKpisCostsAsManyStatementsAsOneOfFew() throws InterruptedException {
        kpis("cost-few", 4);
        kpis("cost-many", 40);
        long few = statementsFor("cost-few", null, 4);
        long many = statementsFor("cost-many", null, 40);
        System.out.println("KPI dashboard: " + few + " statements for 4 KPIs, " + many + " for 40");
        assertEquals(few, many);

        Thread.sleep(20);
        String now = OffsetDateTime.now().toString();
        long fewThen = statementsFor("cost-few", now, 4);
        long manyThen = statementsFor("cost-many", now, 40);
        System.out.println("KPI dashboard as of: " + fewThen + " statements for 4 KPIs, " + manyThen + " for 40");
        assertEquals(fewThen, manyThen);
    }
}
