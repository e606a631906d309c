package org.throughline.governance;

import org.junit.jupiter.api.Test;
import org.throughline.testing.MigratedDatabase;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * V12 brings the person ids of rows written before it into the canonical form (trimmed, lower case), and makes one
 * row of two spellings of one person where a unique key would otherwise hold both.
 */
class CanonicalPersonIdsMigrationTest {

    @Test
    void mixedCaseOwnersSignersDecidersAndRecipientsBecomeLowerCaseAndTwoSpellingsBecomeOne() {
        try (MigratedDatabase database = MigratedDatabase.upTo("10")) {
            database.execute("""
                    insert into outcome_commitment (milestone_id, kpi_id, expected_value, due_date, rationale,
                                                    accountable_owner, agreed_on)
                    values ('1', '2', 8, '2026-12-31', 'Faster quotes', 'IT-Lead', '2026-01-01');
                    insert into commitment_revision (commitment_id, version, changed_at, changed_by, changes, state)
                    values (1, 0, now(), 'Governance-Lead', '[{"field": "accountableOwner", "before": null, "after": "IT-Lead"}]',
                            '{"id": 1, "accountableOwner": "IT-Lead"}');
                    insert into effect_sign_off (commitment_id, commitment_version, milestone_id, kpi_id, signed_by, statement)
                    values (1, 0, '1', '2', 'Sales-Steward', 'It worked');
                    insert into review (initiative_id, title, held_on, created_by, created_at, version)
                    values ('1', 'Steering', '2026-03-01', 'Governance-Lead', now(), 0);
                    insert into review_decision (review_id, summary, rationale, decided_by, affected_milestone_ids,
                                                 affected_kpi_ids, affected_commitment_ids, recorded_by, recorded_at)
                    values (1, 'Keep the date', 'Cheaper', 'CEO', '{}', '{}', '{}', 'Governance-Lead', now());
                    insert into review_action (review_id, title, accountable_owner, due_on, status, version)
                    values (1, 'Follow up', 'IT-LEAD', '2026-03-15', 'OPEN', 0);
                    update review set published_by = 'Governance-Lead', published_at = now(),
                                      snapshot = '{"owner": "IT-Lead"}' where id = 1;
                    insert into known_fact (kind, id, fact) values ('Kpi', '2', '{"id": "2", "accountableOwner": "Sales-Steward"}');
                    insert into notification_preferences (person_id, minimum_severity, delivery, email, updated_at)
                    values ('it-lead', 'HIGH', 'IMMEDIATE', true, now() - interval '1 day'),
                           ('IT-Lead', 'LOW', 'DAILY_DIGEST', true, now());
                    insert into initiative_watch (initiative_id, person_id, since)
                    values ('1', 'IT-Lead', now() - interval '1 day'), ('1', 'it-lead', now());
                    insert into signal (kind, severity, subject_type, subject_id, message, raised_at)
                    values ('SLIPPAGE', 'HIGH', 'MILESTONE', '1', 'Late', now());
                    insert into notification_digest (person_id, day, status) values ('it-lead', '2026-03-01', 'PENDING'),
                                                                                   ('IT-Lead', '2026-03-01', 'SENT');
                    insert into notification (signal_id, recipient, channel, reason, status, digest_id)
                    values (1, 'it-lead', 'EMAIL', 'OWNER', 'DIGESTED', 1), (1, 'IT-Lead', 'EMAIL', 'WATCHER', 'SENT', 2);
                    """);

            database.migrate();

            assertEquals(List.of("it-lead"), database.column("select accountable_owner from outcome_commitment"));
            assertEquals(List.of("governance-lead|it-lead|it-lead"), database.column("""
                    select changed_by || '|' || (state ->> 'accountableOwner') || '|' || (changes -> 0 ->> 'after')
                    from commitment_revision"""));
            assertEquals(List.of("sales-steward"), database.column("select signed_by from effect_sign_off"));
            assertEquals(List.of("governance-lead|governance-lead|IT-Lead"),
                    database.column("select created_by || '|' || published_by || '|' || (snapshot ->> 'owner') from review"),
                    "the published snapshot stays as the board saw it");
            assertEquals(List.of("ceo|governance-lead"), database.column("select decided_by || '|' || recorded_by from review_decision"));
            assertEquals(List.of("it-lead"), database.column("select accountable_owner from review_action"));
            assertEquals(List.of("sales-steward"), database.column("select fact ->> 'accountableOwner' from known_fact"));
            assertEquals(List.of("it-lead|LOW"), database.column(
                    "select person_id || '|' || minimum_severity from notification_preferences"),
                    "the settings changed last are kept");
            assertEquals(List.of("it-lead"), database.column(
                    "select person_id from initiative_watch where since < now() - interval '1 hour'"),
                    "one watch, the earliest");
            assertEquals(List.of("2|it-lead|SENT"), database.column(
                    "select id || '|' || person_id || '|' || status from notification_digest"),
                    "the digest delivered is kept");
            assertEquals(List.of("it-lead|SENT|2"), database.column(
                    "select recipient || '|' || status || '|' || digest_id from notification"),
                    "one notice of the episode, the one delivered");
        }
    }
}
