package org.throughline.kpi;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.define;
import static org.throughline.kpi.KpiFixture.updateKpi;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class KpiDefinitionTest {

    @Test
    void aKpiIsDefinedCompletelyWithDefaultBandsOfTenAndTwentyFivePercentOfTheSpan() {
        String kpi = createKpi("name", "Quotes priced in-system", "unit", "PERCENT", "direction", "HIGHER_IS_BETTER",
                "baselineValue", 35.0, "targetValue", 95.0, "validMin", 0.0, "validMax", 100.0,
                "accountableOwner", "head-of-sales", "trendWindowDays", 60);
        graphql("""
                query Definition($id: ID!) {
                  kpi(id: $id) {
                    name unit direction kind businessFunction baselineValue targetValue atRiskTolerance
                    offTrackTolerance validMin validMax measurementCadenceDays trendWindowDays accountableOwner version
                    revisions { version changedBy changes { field } }
                  }
                }
                """, Map.of("id", kpi))
                .body("errors", nullValue())
                .body("data.kpi.atRiskTolerance", equalTo(6.0f))
                .body("data.kpi.offTrackTolerance", equalTo(15.0f))
                .body("data.kpi.validMin", equalTo(0.0f))
                .body("data.kpi.validMax", equalTo(100.0f))
                .body("data.kpi.trendWindowDays", equalTo(60))
                .body("data.kpi.accountableOwner", equalTo("head-of-sales"))
                .body("data.kpi.version", equalTo(0))
                .body("data.kpi.revisions[0].version", equalTo(0))
                .body("data.kpi.revisions[0].changedBy", equalTo("local-developer"));
    }

    @Test
    void aDefinitionThatBreaksItsOwnRulesIsRefusedNamingTheField() {
        record Case(Object[] overrides, String field, String words) {
        }
        for (Case each : List.of(
                new Case(new Object[] {"direction", "HIGHER_IS_BETTER"}, "targetValue", "above its baseline"),
                new Case(new Object[] {"targetValue", 60.0}, "targetValue", "below its baseline"),
                new Case(new Object[] {"atRiskTolerance", 5.0, "offTrackTolerance", 2.0}, "offTrackTolerance", "at least"),
                new Case(new Object[] {"atRiskTolerance", -1.0}, "atRiskTolerance", "negative"),
                new Case(new Object[] {"validMin", 10.0}, "validMin", "valid range"),
                new Case(new Object[] {"validMax", 40.0}, "validMax", "valid range"),
                new Case(new Object[] {"targetDate", "2025-12-31"}, "targetDate", "after the baseline date"))) {
            define(each.overrides())
                    .body("data", nullValue())
                    .body("errors[0].extensions.code", equalTo("invalid-kpi"))
                    .body("errors[0].extensions.field", equalTo(each.field()))
                    .body("errors[0].message", containsString(each.words()));
        }
        define("accountableOwner", "Ana Smith").body("errors[0].extensions.field", equalTo("accountableOwner"));
        define("baselineValue", 1e20).body("errors[0].extensions.code", equalTo("bad-input"));
    }

    @Test
    void changesNameTheVersionReadAndAStaleOneWritesNothing() {
        String kpi = createKpi("Month-end close duration", "FINANCE");
        updateKpi(kpi, 0, Map.of("atRiskTolerance", 2.0, "offTrackTolerance", 5.0), null)
                .body("errors", nullValue())
                .body("data.updateKpi.version", equalTo(1))
                .body("data.updateKpi.atRiskTolerance", equalTo(2.0f));
        updateKpi(kpi, 0, Map.of("name", "Renamed on a stale read"), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("version-conflict"));
        updateKpi(kpi, 1, Map.of("targetValue", 2.0), null)
                .body("errors[0].extensions.code", equalTo("reason-required"));
        updateKpi(kpi, 1, Map.of("targetValue", 2.0), "Board raised the ambition")
                .body("errors", nullValue()).body("data.updateKpi.version", equalTo(2));
        graphql("query H($id: ID!) { kpi(id: $id) { name revisions { version reason changes { field before after } } } }",
                Map.of("id", kpi))
                .body("data.kpi.name", equalTo("Month-end close duration"))
                .body("data.kpi.revisions.version", contains(0, 1, 2))
                .body("data.kpi.revisions[1].changes.field", contains("atRiskTolerance", "offTrackTolerance"))
                .body("data.kpi.revisions[2].reason", equalTo("Board raised the ambition"))
                .body("data.kpi.revisions[2].changes[0].before", equalTo("4"))
                .body("data.kpi.revisions[2].changes[0].after", equalTo("2"));
    }

    @Test
    void aHandoverOfStewardshipKeepsItsHistoryAndShowsOnThePerson() {
        String kpi = createKpi("name", "Supplier lead time", "accountableOwner", "kpi-old-steward");
        updateKpi(kpi, 0, Map.of("accountableOwner", "kpi-new-steward"), "Procurement took it over")
                .body("errors", nullValue())
                .body("data.updateKpi.accountableOwner", equalTo("kpi-new-steward"));
        graphql("""
                query People($id: ID!) {
                  kpi(id: $id) { revisions { changedBy reason changes { field before after } } }
                  old: person(id: "kpi-old-steward") { accountableKpis { name } }
                  new: person(id: "kpi-new-steward") { accountableKpis { name } }
                }
                """, Map.of("id", kpi))
                .body("errors", nullValue())
                .body("data.kpi.revisions[1].changes[0].field", equalTo("accountableOwner"))
                .body("data.kpi.revisions[1].changes[0].before", equalTo("kpi-old-steward"))
                .body("data.kpi.revisions[1].changes[0].after", equalTo("kpi-new-steward"))
                .body("data.old.accountableKpis", empty())
                .body("data.new.accountableKpis.name", contains("Supplier lead time"));
    }

    @Test
    void driversLinkLeadToLagKpisAndACycleIsRefusedNamingIt() {
        String turnaround = createKpi("name", "Quote turnaround", "kind", "LEAD");
        String inSystem = createKpi("name", "Quotes in-system", "kind", "LEAD", "unit", "PERCENT",
                "direction", "HIGHER_IS_BETTER", "baselineValue", 35.0, "targetValue", 95.0);
        String accuracy = createKpi("name", "Forecast accuracy", "kind", "LAG", "unit", "PERCENT",
                "direction", "HIGHER_IS_BETTER", "baselineValue", 82.0, "targetValue", 90.0,
                "drivers", List.of(turnaround, inSystem));
        graphql("query D($id: ID!) { kpi(id: $id) { drivers { name drives { name } } } }", Map.of("id", accuracy))
                .body("errors", nullValue())
                .body("data.kpi.drivers.name", contains("Quote turnaround", "Quotes in-system"))
                .body("data.kpi.drivers[0].drives.name", contains("Forecast accuracy"));

        updateKpi(turnaround, 0, Map.of("drivers", List.of(accuracy)), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("driver-cycle"))
                .body("errors[0].message", containsString("'Forecast accuracy'"))
                .body("errors[0].message", containsString("'Quote turnaround'"));
        updateKpi(turnaround, 0, Map.of("drivers", List.of(turnaround)), null)
                .body("errors[0].extensions.code", equalTo("bad-input"));
        updateKpi(turnaround, 0, Map.of("drivers", List.of("999999")), null)
                .body("errors[0].extensions.code", equalTo("kpi-not-found"))
                .body("errors[0].extensions.field", equalTo("drivers"));

        updateKpi(accuracy, 0, Map.of("drivers", List.of(inSystem)), "Turnaround proved no lead for accuracy")
                .body("errors", nullValue())
                .body("data.updateKpi.version", equalTo(1))
                .body("data.updateKpi.drivers.id", contains(inSystem));
    }

    @Test
    void theDefinitionAsOfAnInstantIsTheOneInForceThen() throws InterruptedException {
        String kpi = createKpi("name", "Order cycle time", "accountableOwner", "ops-steward");
        Thread.sleep(20);
        OffsetDateTime before = OffsetDateTime.now();
        Thread.sleep(20);
        updateKpi(kpi, 0, Map.of("baselineValue", 50.0, "accountableOwner", "coo"), "Re-measured the baseline")
                .body("errors", nullValue());
        graphql("query Then($id: ID!, $asOf: DateTime) { kpi(id: $id, asOf: $asOf) { baselineValue accountableOwner version } }",
                variables("id", kpi, "asOf", before.toString()))
                .body("errors", nullValue())
                .body("data.kpi.baselineValue", equalTo(48.0f))
                .body("data.kpi.accountableOwner", equalTo("ops-steward"))
                .body("data.kpi.version", equalTo(0));
        graphql("query Now($id: ID!) { kpi(id: $id) { baselineValue accountableOwner version } }", Map.of("id", kpi))
                .body("data.kpi.baselineValue", equalTo(50.0f))
                .body("data.kpi.version", equalTo(1));
    }
}
