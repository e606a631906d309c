package org.throughline.kpi;

import org.junit.jupiter.api.Test;
import org.throughline.testing.MigratedDatabase;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** V5 brings the person ids of rows written before it into the canonical form: trimmed, lower case. */
class CanonicalPersonIdsMigrationTest {

    @Test
    void mixedCaseStewardsAndAuthorsOfRevisionsMeasurementsAndConnectorsBecomeLowerCase() {
        try (MigratedDatabase database = MigratedDatabase.upTo("4")) {
            database.execute("""
                    insert into kpi (name, unit, direction, kind, business_function, baseline_value, baseline_date,
                                     target_value, target_date, measurement_cadence_days, accountable_owner,
                                     at_risk_tolerance, off_track_tolerance)
                    values ('Quote turnaround', 'DURATION_HOURS', 'LOWER_IS_BETTER', 'LEAD', 'SALES', 48, '2026-01-01',
                            4, '2026-12-31', 7, 'SALES-STEWARD', 4, 11);
                    insert into kpi_revision (kpi_id, version, changed_at, changed_by, changes, state)
                    values (1, 0, now(), 'Sales-Steward',
                            '[{"field": "accountableOwner", "before": null, "after": "SALES-STEWARD"}]',
                            '{"id": 1, "name": "Quote turnaround", "accountableOwner": "SALES-STEWARD"}');
                    insert into measurement_batch (batch_key, checksum, rows, recorded, already, recorded_by)
                    values ('march', 'x', 1, 1, 0, 'Sales-Steward');
                    insert into measurement (kpi_id, value, observed_at, source, recorded_by, batch_id)
                    values (1, 40, '2026-03-01', 'CSV', 'Sales-Steward', 1);
                    insert into connector (name, kind, kpi_id, every_minutes, start_day, lookback_days, row_cap,
                                           timeout_seconds, auth, url, day_pointer, value_pointer, created_by)
                    values ('Quotes', 'HTTP', 1, 60, '2026-01-01', 0, 100, 10, 'NONE', 'http://localhost/q', '/day',
                            '/value', 'Integration-Admin');
                    insert into connector_run (connector_id, trigger, outcome, window_from, window_to, started_at,
                                               duration_ms, rows_read, recorded, corrected, unchanged, rejected, run_by)
                    values (1, 'MANUAL', 'SUCCEEDED', '2026-03-01', '2026-03-01', now(), 1, 0, 0, 0, 0, 0,
                            'Integration-Admin');
                    """);

            database.migrate();

            assertEquals(List.of("sales-steward"), database.column("select accountable_owner from kpi"));
            assertEquals(List.of("sales-steward|sales-steward|sales-steward|Quote turnaround"), database.column("""
                    select changed_by || '|' || (state ->> 'accountableOwner') || '|' || (changes -> 0 ->> 'after')
                           || '|' || (state ->> 'name')
                    from kpi_revision"""));
            assertEquals(List.of("sales-steward|40|2026-03-01"), database.column(
                    "select recorded_by || '|' || value || '|' || observed_at from measurement"));
            assertEquals(List.of("sales-steward"), database.column("select recorded_by from measurement_batch"));
            assertEquals(List.of("integration-admin|integration-admin"), database.column(
                    "select c.created_by || '|' || r.run_by from connector c join connector_run r on r.connector_id = c.id"));
        }
    }
}
