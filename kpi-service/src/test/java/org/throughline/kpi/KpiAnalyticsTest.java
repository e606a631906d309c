package org.throughline.kpi;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.measure;
import static org.throughline.testing.GraphQLEndpoint.graphql;

/**
 * Analytics through GraphQL, computed by PostgreSQL and the calculator, against values worked out by hand. Dates are
 * relative to today (a live analysis is for today); the plans are chosen so that the arithmetic stays simple.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class KpiAnalyticsTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final String ANALYTICS = """
            query Analytics($id: ID!) {
              kpi(id: $id) {
                currentValue
                analytics { day currentValue observedAt plannedValue variance attainment trendPerDay trendPoints
                            forecastAtTarget status }
              }
            }
            """;

    /**
     * A number within 1e-5 of the expected: RestAssured reads JSON numbers as floats, which carry about seven
     * significant digits, so the hand-computed values are checked to five decimals.
     */
    private static Matcher<Number> near(double expected) {
        return new CustomTypeSafeMatcher<>("a number within 1e-5 of " + expected) {
            @Override
            protected boolean matchesSafely(Number actual) {
                return Math.abs(actual.doubleValue() - expected) <= 1e-5;
            }
        };
    }

    private static String day(int offset) {
        return TODAY.plusDays(offset).toString();
    }

    /** From 0 to 200 over 200 days: the plan rises by exactly 1 a day, 100 days ago to 100 days ahead. */
    private static String risingByOneADay(String name) {
        return createKpi("name", name, "unit", "COUNT", "direction", "HIGHER_IS_BETTER", "baselineValue", 0.0,
                "baselineDate", day(-100), "targetValue", 200.0, "targetDate", day(100), "atRiskTolerance", 5.0,
                "offTrackTolerance", 10.0);
    }

    @Test
    void aHigherIsBetterKpiAgainstItsPlanWithATrendFittedByLeastSquares() {
        String kpi = risingByOneADay("Orders per day");
        measure(kpi, 60, day(-30));
        measure(kpi, 75, day(-20));
        measure(kpi, 84, day(-10));
        // Planned on day -10: 90. Behind by 6: beyond 5, within 10. Slope: x = -30, -20, -10 and y = 60, 75, 84 give
        // Sxy = 240, Sxx = 200, 1.2 a day; the line passes (-20, 73), so at the target (+100) it reads 73 + 1.2 * 120.
        graphql(ANALYTICS, Map.of("id", kpi))
                .body("errors", nullValue())
                .body("data.kpi.currentValue", equalTo(84.0f))
                .body("data.kpi.analytics.day", equalTo(TODAY.toString()))
                .body("data.kpi.analytics.observedAt", equalTo(day(-10)))
                .body("data.kpi.analytics.plannedValue", near(90.0))
                .body("data.kpi.analytics.variance", near(-6.0))
                .body("data.kpi.analytics.attainment", near(0.42))
                .body("data.kpi.analytics.trendPerDay", near(1.2))
                .body("data.kpi.analytics.trendPoints", equalTo(3))
                .body("data.kpi.analytics.forecastAtTarget", near(217.0))
                .body("data.kpi.analytics.status", equalTo("AT_RISK"));
    }

    @Test
    void aLowerIsBetterKpiIsBehindAbovePlan() {
        // From 200 down to 0: planned on day -10 is 110; 118 is 8 above, AT_RISK; 122 is 12 above, OFF_TRACK.
        String kpi = createKpi("name", "Backlog", "unit", "COUNT", "direction", "LOWER_IS_BETTER", "baselineValue", 200.0,
                "baselineDate", day(-100), "targetValue", 0.0, "targetDate", day(100), "atRiskTolerance", 5.0,
                "offTrackTolerance", 10.0);
        measure(kpi, 118, day(-10));
        graphql(ANALYTICS, Map.of("id", kpi))
                .body("data.kpi.analytics.plannedValue", near(110.0))
                .body("data.kpi.analytics.variance", near(8.0))
                .body("data.kpi.analytics.attainment", near(0.41))
                .body("data.kpi.analytics.status", equalTo("AT_RISK"));
        measure(kpi, 122, day(-9));
        graphql(ANALYTICS, Map.of("id", kpi)).body("data.kpi.analytics.status", equalTo("OFF_TRACK"));
    }

    @Test
    void aSinglePointHasNoTrendAndNoPointsIsNoData() {
        String empty = risingByOneADay("Unmeasured");
        graphql(ANALYTICS, Map.of("id", empty))
                .body("data.kpi.currentValue", nullValue())
                .body("data.kpi.analytics.status", equalTo("NO_DATA"))
                .body("data.kpi.analytics.plannedValue", nullValue())
                .body("data.kpi.analytics.trendPerDay", nullValue())
                .body("data.kpi.analytics.trendPoints", equalTo(0));
        String single = risingByOneADay("Measured once");
        measure(single, 100, day(0));
        graphql(ANALYTICS, Map.of("id", single))
                .body("data.kpi.analytics.plannedValue", near(100.0))
                .body("data.kpi.analytics.status", equalTo("ON_TRACK"))
                .body("data.kpi.analytics.trendPerDay", nullValue())
                .body("data.kpi.analytics.forecastAtTarget", nullValue())
                .body("data.kpi.analytics.trendPoints", equalTo(1));
    }

    @Test
    void afterTheTargetDateTheTargetIsThePlan() {
        String kpi = createKpi("name", "Closed target", "unit", "COUNT", "direction", "HIGHER_IS_BETTER",
                "baselineValue", 0.0, "baselineDate", day(-300), "targetValue", 200.0, "targetDate", day(-100),
                "atRiskTolerance", 5.0, "offTrackTolerance", 10.0);
        measure(kpi, 196, day(-5));
        graphql(ANALYTICS, Map.of("id", kpi))
                .body("data.kpi.analytics.plannedValue", near(200.0))
                .body("data.kpi.analytics.attainment", near(0.98))
                .body("data.kpi.analytics.status", equalTo("ON_TRACK"));
    }

    @Test
    void onlyTheTrendWindowShapesTheTrendAndOnlyTheLatestRecordingOfADayCounts() {
        String kpi = createKpi("name", "Windowed", "unit", "COUNT", "direction", "HIGHER_IS_BETTER",
                "baselineValue", 0.0, "baselineDate", day(-400), "targetValue", 200.0, "targetDate", day(100),
                "trendWindowDays", 30);
        measure(kpi, 1000, day(-200));   // outside the 30-day window
        measure(kpi, 10, day(-20));
        measure(kpi, 99, day(-10));
        measure(kpi, 20, day(-10));      // recorded later for the same day: the day's value
        graphql(ANALYTICS, Map.of("id", kpi))
                .body("data.kpi.analytics.trendPoints", equalTo(2))
                .body("data.kpi.analytics.trendPerDay", near(1.0))
                .body("data.kpi.analytics.currentValue", equalTo(20.0f));
    }

    @Test
    void aSeriesBucketsTheValuesOfEachDayByWeekAndMonth() {
        // Weeks start on Monday: 2026-10-05, 2026-10-12 and 2026-11-02 are Mondays.
        String kpi = createKpi("name", "Charted", "unit", "COUNT", "direction", "HIGHER_IS_BETTER", "baselineValue", 0.0,
                "baselineDate", "2026-10-01", "targetValue", 61.0, "targetDate", "2026-12-01");
        measure(kpi, 10, "2026-10-05");
        measure(kpi, 14, "2026-10-07");
        measure(kpi, 13, "2026-10-07");   // the 7th's latest recording
        measure(kpi, 20, "2026-10-12");
        measure(kpi, 30, "2026-11-02");
        graphql("""
                query Chart($id: ID!) {
                  kpi(id: $id) {
                    seriesByWeek { start lastObservedAt value average min max days plannedValue }
                    seriesByMonth { start value average days }
                    seriesByDay { start value }
                    plannedValueAt(date: "2026-10-31")
                  }
                }
                """, Map.of("id", kpi))
                .body("errors", nullValue())
                .body("data.kpi.seriesByWeek.start", contains("2026-10-05", "2026-10-12", "2026-11-02"))
                .body("data.kpi.seriesByWeek[0].lastObservedAt", equalTo("2026-10-07"))
                .body("data.kpi.seriesByWeek[0].value", equalTo(13.0f))
                .body("data.kpi.seriesByWeek[0].average", equalTo(11.5f))
                .body("data.kpi.seriesByWeek[0].min", equalTo(10.0f))
                .body("data.kpi.seriesByWeek[0].max", equalTo(13.0f))
                .body("data.kpi.seriesByWeek[0].days", equalTo(2))
                .body("data.kpi.seriesByWeek[0].plannedValue", equalTo(6.0f))
                .body("data.kpi.seriesByMonth.start", contains("2026-10-01", "2026-11-01"))
                .body("data.kpi.seriesByMonth[0].value", equalTo(20.0f))
                .body("data.kpi.seriesByMonth[0].average", near(43.0 / 3))
                .body("data.kpi.seriesByMonth[0].days", equalTo(3))
                .body("data.kpi.seriesByDay.value", contains(10.0f, 13.0f, 20.0f, 30.0f))
                .body("data.kpi.plannedValueAt", equalTo(30.0f));
    }
}
