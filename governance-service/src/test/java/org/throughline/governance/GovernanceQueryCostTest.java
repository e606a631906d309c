package org.throughline.governance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.plan;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * The portfolio's lists come a page at a time, every item reachable, each page at the same cost in SQL statements
 * however many items the tenant holds: the signals (most severe first) and the commitments (soonest due first).
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
@WithTestResource(PlanAndKpiServices.class)
class GovernanceQueryCostTest {

    private static final String SIGNALS = """
            query Signals($initiative: ID, $first: Int, $after: ID) {
              signals(filter: { initiativeId: $initiative, openOnly: false }, first: $first, after: $after) {
                id severity raisedAt
              }
            }
            """;

    private static final String COMMITMENTS = """
            query Commitments($first: Int, $after: ID) { commitments(first: $first, after: $after) { id dueDate } }
            """;

    /** Initiatives the plan does not hold: listing signals reads only governance's own table. */
    private static final String LARGE = "900001";
    private static final String SMALL = "900002";

    @ConfigProperty(name = PlanAndKpiServices.PLAN_URL)
    String planUrl;

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;

    @Inject
    DataSource dataSource;

    @Inject
    SessionFactory sessionFactory;

    /**
     * Episodes of an initiative's signals, in every severity, many raised at the same instant (the order's ties).
     * Cleared already: the test database is shared with the other tests of the JVM, whose evaluations would clear open
     * ones that no rule raised (episodes are kept, never deleted).
     */
    private void signals(String initiative, int count) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    insert into signal (kind, severity, subject_type, subject_id, initiative_id, message, raised_at,
                                        cleared_at)
                    select 'SLIPPAGE', (array['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'])[1 + n %% 4], 'MILESTONE',
                           'paged-%1$s-' || n, '%1$s', 'Slips', raised, raised + interval '1 day'
                    from generate_series(1, %2$d) n,
                         lateral (select timestamptz '2026-01-01 00:00Z' + (n %% 7) * interval '1 hour' as raised) r
                    """.formatted(initiative, count));
        }
    }

    private static List<String> signalPage(String initiative, Integer first, String after) {
        return graphql(SIGNALS, variables("initiative", initiative, "first", first, "after", after))
                .body("errors", nullValue()).extract().path("data.signals.id");
    }

    private long statements(Runnable request) {
        sessionFactory.getStatistics().clear();
        request.run();
        return sessionFactory.getStatistics().getPrepareStatementCount();
    }

    @Test
    void everySignalOfALargeTenantIsReadAPageAtATimeInTheOrderOfTheListEachPageAtTheSameCost() throws SQLException {
        signals(LARGE, 1_100);
        signals(SMALL, 3);

        List<String> walked = new ArrayList<>();
        String after = null;
        List<String> page;
        do {
            page = signalPage(LARGE, 300, after);
            walked.addAll(page);
            after = page.isEmpty() ? null : page.get(page.size() - 1);
        } while (page.size() == 300);
        assertEquals(1_100, walked.size());
        assertEquals(1_100, new HashSet<>(walked).size(), "no signal read twice");
        // The pages follow the order of the list itself (most severe first, latest raised first, then by id).
        assertEquals(signalPage(LARGE, 1_000, null), walked.subList(0, 1_000));
        // Without after, the first page, as clients asked before pages existed.
        assertEquals(walked.subList(0, 200), signalPage(LARGE, null, null));

        String largeAfter = walked.get(99);
        String smallAfter = signalPage(SMALL, 1, null).get(0);
        long small = statements(() -> signalPage(SMALL, 500, smallAfter));
        long large = statements(() -> signalPage(LARGE, 500, largeAfter));
        System.out.println("a page of signals: " + small + " statements for 2 signals, " + large + " for 500");
        assertEquals(small, large);
    }

    @Test
    void aPageAfterASignalThatDoesNotExistOrOfMoreThanAThousandIsBadInput() {
        graphql(SIGNALS, variables("initiative", null, "first", 10, "after", "999999999"))
                .body("data.signals", nullValue()).body("errors[0].extensions.code", equalTo("bad-input"));
        graphql(SIGNALS, variables("initiative", null, "first", 1_001, "after", null))
                .body("data.signals", nullValue()).body("errors[0].extensions.code", equalTo("bad-input"));
    }

    /** As many commitments as asked, made in one request, due on as many days. */
    private List<String> commitments(String name, int count) {
        GovernanceFixture.Plan plan = plan(planUrl, name, "Cut-over");
        List<Map<String, Object>> tethers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String kpi = GovernanceFixture.kpi(kpiUrl, name + " " + i, "HIGHER_IS_BETTER", 10, 20, "coo");
            tethers.add(variables("milestoneId", plan.milestones().get(0), "kpiId", kpi, "expectedValue", 15.0,
                    "dueDate", TODAY.plusDays(400 + i % 5).toString(), "rationale", "Paged", "accountableOwner", "coo"));
        }
        return graphql("""
                mutation Tethers($commitments: [NewCommitment!]!) { commitOutcomes(commitments: $commitments) { id } }
                """, Map.of("commitments", tethers)).body("errors", nullValue())
                .body("data.commitOutcomes", hasSize(count)).extract().path("data.commitOutcomes.id");
    }

    private static List<String> commitmentPage(Integer first, String after) {
        return graphql(COMMITMENTS, variables("first", first, "after", after)).body("errors", nullValue())
                .extract().path("data.commitments.id");
    }

    @Test
    void everyCommitmentIsReadAPageAtATimeSoonestDueFirstEachPageAtTheSameCost() {
        commitments("Paged commitments", 45);
        List<String> all = commitmentPage(null, null);

        List<String> walked = new ArrayList<>();
        String after = null;
        List<String> page;
        do {
            page = commitmentPage(20, after);
            walked.addAll(page);
            after = page.isEmpty() ? null : page.get(page.size() - 1);
        } while (page.size() == 20);
        assertEquals(all, walked);

        long small = statements(() -> commitmentPage(500, all.get(all.size() - 2)));
        long large = statements(() -> commitmentPage(500, all.get(0)));
        System.out.println("a page of commitments: " + small + " statements for 1, " + large + " for "
                + (all.size() - 1));
        assertEquals(small, large);
    }

    @Test
    void aBatchOfCommitmentsIsMadeWholeOrNotAtAllNamingTheOneRefused() {
        GovernanceFixture.Plan plan = plan(planUrl, "Batch programme", "Cut-over");
        String kpi = GovernanceFixture.kpi(kpiUrl, "Batch KPI", "HIGHER_IS_BETTER", 10, 20, "coo");
        Map<String, Object> good = variables("milestoneId", plan.milestones().get(0), "kpiId", kpi,
                "expectedValue", 15.0, "dueDate", TODAY.plusDays(100).toString(), "rationale", "Batch",
                "accountableOwner", "coo");
        Map<String, Object> unknownKpi = new java.util.LinkedHashMap<>(good);
        unknownKpi.put("kpiId", "987654321");
        graphql("""
                mutation Tethers($commitments: [NewCommitment!]!) { commitOutcomes(commitments: $commitments) { id } }
                """, Map.of("commitments", List.of(good, unknownKpi)))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("kpi-not-found"))
                .body("errors[0].extensions.field", equalTo("commitments[1].kpiId"));
        // The first one was not made either: the same tether is still free.
        GovernanceFixture.commit(plan.milestones().get(0), kpi, 15, TODAY.plusDays(100));
    }
}
