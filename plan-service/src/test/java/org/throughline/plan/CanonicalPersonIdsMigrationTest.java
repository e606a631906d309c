package org.throughline.plan;

import org.junit.jupiter.api.Test;
import org.throughline.testing.MigratedDatabase;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** V4 brings the person ids of rows written before it into the canonical form: trimmed, lower case. */
class CanonicalPersonIdsMigrationTest {

    @Test
    void mixedCaseOwnersSponsorsAndRevisionAuthorsBecomeLowerCase() {
        try (MigratedDatabase database = MigratedDatabase.upTo("3")) {
            database.execute("""
                    insert into initiative (id, name, sponsor, accountable_owner) values (1, 'ERP', ' CFO', 'IT-Lead');
                    insert into workstream (id, initiative_id, name, business_function, accountable_owner)
                    values (1, 1, 'Sales', 'SALES', 'SALES-STEWARD');
                    insert into milestone (id, initiative_id, workstream_id, title, baseline_finish, forecast_finish,
                                           accountable_owner)
                    values (1, 1, 1, 'Cut-over', '2026-06-30', '2026-06-30', 'it-lead'),
                           (2, 1, 1, 'Pricing', '2026-07-31', '2026-07-31', 'IT-LEAD');
                    insert into plan_revision (id, item_kind, item_id, initiative_id, version, changed_at, changed_by,
                                               changes, state)
                    values (1, 'MILESTONE', 2, 1, 1, now(), 'Plan-Editor',
                            '[{"field": "accountableOwner", "before": "It-Lead", "after": "IT-LEAD"},
                              {"field": "title", "before": "Old", "after": "Pricing"}]',
                            '{"id": 2, "title": "Pricing", "accountableOwner": "IT-LEAD"}');
                    """);

            database.migrate();

            assertEquals(List.of("cfo|it-lead"), database.column("select sponsor || '|' || accountable_owner from initiative"));
            assertEquals(List.of("sales-steward"), database.column("select accountable_owner from workstream"));
            assertEquals(List.of("it-lead", "it-lead"), database.column("select accountable_owner from milestone order by id"));
            assertEquals(List.of("plan-editor|it-lead|it-lead|it-lead|Old|Pricing"), database.column("""
                    select changed_by || '|' || (state ->> 'accountableOwner') || '|' || (changes -> 0 ->> 'before')
                           || '|' || (changes -> 0 ->> 'after') || '|' || (changes -> 1 ->> 'before')
                           || '|' || (changes -> 1 ->> 'after')
                    from plan_revision"""));
        }
    }
}
