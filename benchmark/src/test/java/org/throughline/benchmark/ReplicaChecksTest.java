package org.throughline.benchmark;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.throughline.launcher.LocalMailbox;
import org.throughline.testing.PostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each of the replicas' checks can fail: on the services' own schemas (their migrations, applied here), a record
 * with exactly one fault of each kind breaks exactly the check for it, and the same record without the faults holds.
 */
class ReplicaChecksTest {

    private static PostgresServer postgres;

    @BeforeAll
    static void databases() {
        postgres = PostgresServer.startEphemeral();
        for (String service : List.of("plan", "kpi", "governance")) {
            postgres.ensureDatabase(service);
            Flyway.configure().dataSource(postgres.jdbcUrl(service), PostgresServer.USER, "")
                    .locations("filesystem:../" + service + "-service/src/main/resources/db/migration")
                    .load().migrate();
        }
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void aRecordWithOneFaultOfEachKindBreaksEachCheckOnceAndTheSameRecordWithoutThemHolds() throws SQLException {
        try (Connection governance = connect("governance"); Connection kpi = connect("kpi");
             Connection plan = connect("plan")) {
            // What a run on one replica leaves: episodes one after the other, runs an interval apart, one mail each.
            execute(governance, """
                    insert into signal (kind, severity, subject_type, subject_id, message, raised_at, cleared_at)
                    values ('SLIPPAGE', 'HIGH', 'MILESTONE', '7', 'late', '2026-12-01 10:00Z', '2026-12-01 10:30Z'),
                           ('SLIPPAGE', 'HIGH', 'MILESTONE', '7', 'late again', '2026-12-01 11:00Z', null)
                    """);
            execute(kpi, """
                    insert into connector (name, kind, every_minutes, start_day, lookback_days, row_cap,
                                           timeout_seconds, auth, jdbc_url, query, created_by)
                    values ('quotes', 'SQL', 10, '2026-01-01', 3, 1000, 30, 'NONE', 'jdbc:postgresql://crm/crm',
                            'select day, value from quotes', 'data-engineer');
                    insert into connector_run (connector_id, trigger, outcome, window_from, window_to, started_at,
                                               duration_ms, rows_read, recorded, corrected, unchanged, rejected, run_by)
                    select id, 'SCHEDULE', 'SUCCEEDED', '2026-12-01', '2026-12-01', at, 5, 1, 1, 0, 0, 0, 'scheduler'
                    from connector, unnest(array['2026-12-01 10:00Z', '2026-12-01 10:10Z']::timestamptz[]) at
                    """);
            execute(plan, """
                    insert into plan_revision (id, item_kind, item_id, initiative_id, version, changed_at, changed_by,
                                               changes, state)
                    values (1, 'MILESTONE', 7, 1, 1, '2026-12-01 10:00Z', 'it-lead', '{}', '{}'),
                           (2, 'MILESTONE', 7, 1, 2, '2026-12-01 10:05Z', 'it-lead', '{}', '{}')
                    """);
            List<LocalMailbox.Mail> mails = List.of(mail("<1@throughline>"), mail("<2@throughline>"));
            List<ReplicaChecks.AcceptedChange> accepted = List.of(new ReplicaChecks.AcceptedChange("7", 2));

            List<ReplicaChecks.Finding> clean = ReplicaChecks.check(governance, kpi, plan, mails, accepted);
            assertEquals(5, clean.size());
            assertTrue(clean.stream().allMatch(ReplicaChecks.Finding::holds), clean::toString);

            // One fault of each kind, as two replicas racing would leave them.
            execute(governance, """
                    insert into signal (kind, severity, subject_type, subject_id, message, raised_at, cleared_at)
                    values ('SLIPPAGE', 'HIGH', 'MILESTONE', '7', 'raised twice', '2026-12-01 10:10Z',
                            '2026-12-01 10:20Z')
                    """);
            execute(kpi, """
                    insert into connector_run (connector_id, trigger, outcome, window_from, window_to, started_at,
                                               duration_ms, rows_read, recorded, corrected, unchanged, rejected, run_by)
                    select id, 'SCHEDULE', 'SUCCEEDED', '2026-12-01', '2026-12-01', '2026-12-01 10:10:01Z', 5, 1, 0,
                           0, 1, 0, 'scheduler' from connector
                    """);
            List<LocalMailbox.Mail> mailedTwice = List.of(mails.get(0), mails.get(1), mail("<2@throughline>"));
            List<ReplicaChecks.AcceptedChange> toldTwiceAndLost = List.of(new ReplicaChecks.AcceptedChange("7", 2),
                    new ReplicaChecks.AcceptedChange("7", 2), new ReplicaChecks.AcceptedChange("7", 3));

            Map<String, Long> broken = ReplicaChecks.check(governance, kpi, plan, mailedTwice, toldTwiceAndLost)
                    .stream().collect(Collectors.toMap(finding -> finding.check().replaceAll(", of \\d+.*", ""),
                            ReplicaChecks.Finding::violations));
            assertEquals(Map.of(
                    "signal episodes that overlap another of the same signal on the same subject", 1L,
                    "scheduled connector runs closer together than half the connector's interval", 1L,
                    "mails that arrived more than once (same Message-ID)", 1L,
                    "milestone versions given to two clients", 1L,
                    "accepted milestone changes missing from the plan's history", 1L), broken);
        }
    }

    private static LocalMailbox.Mail mail(String messageId) {
        return new LocalMailbox.Mail(List.of("cio@throughline.local"), "Signal raised", messageId, "text");
    }

    private static Connection connect(String service) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(service), PostgresServer.USER, "");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
