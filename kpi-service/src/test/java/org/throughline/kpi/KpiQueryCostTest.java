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

import static org.hamcrest.Matchers.equalTo;
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

    /** Question 2 of docs/queries, the KPIs of a business function a page at a time. */
    private static final String FUNCTION_PAGE = """
            query Page($function: BusinessFunction!, $first: Int, $after: ID) {
              kpis(businessFunction: $function, first: $first, after: $after) {
                id name analytics { currentValue status trendPerDay } seriesByWeek { value }
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

    private List<String> page(String after, int first) {
        return graphql(FUNCTION_PAGE, variables("function", "LOGISTICS", "first", first, "after", after))
                .body("errors", nullValue()).extract().path("data.kpis.id");
    }

    @Test
    void aBusinessFunctionsKpisComeAPageAtATimeEachPageAtTheSameCostHoweverManyTheFunctionHas() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String kpi = createKpi("name", "Logistics " + i, "businessFunction", "LOGISTICS");
            measure(kpi, 40, today.minusWeeks(1).toString());
            created.add(kpi);
        }
        // KPIs of the function made by other tests come before these: the pages start after them.
        String start = String.valueOf(Long.parseLong(created.get(0)) - 1);
        List<String> first = page(start, 25);
        List<String> second = page(first.get(24), 25);
        List<String> third = page(second.get(24), 25);
        assertEquals(created.subList(0, 25), first);
        assertEquals(created.subList(25, 50), second);
        assertEquals(created.subList(50, 60), third);

        sessionFactory.getStatistics().clear();
        page(start, 5);
        long small = sessionFactory.getStatistics().getPrepareStatementCount();
        sessionFactory.getStatistics().clear();
        page(start, 50);
        long large = sessionFactory.getStatistics().getPrepareStatementCount();
        System.out.println("a page of a business function's KPIs: " + small + " statements for 5, " + large + " for 50");
        assertEquals(small, large);
    }

    @Test
    void aPageOfNoneOrOfMoreThanFiveHundredKpisIsBadInput() {
        for (int first : new int[]{0, 501}) {
            graphql(FUNCTION_PAGE, variables("function", "LOGISTICS", "first", first, "after", null))
                    .body("data.kpis", nullValue())
                    .body("errors[0].extensions.code", equalTo("bad-input"));
        }
    }
}
