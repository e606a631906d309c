-- Person ids in one canonical form: trimmed and lower case, as Keycloak keeps usernames and matches them without
-- regard to case. Before this, an owner or signer typed as 'IT-Lead' was stored as typed and split one person into
-- two: their own view missed the commitments and actions they owned, and their notices went out twice. The service
-- now canonicalises every id where it enters; this brings the rows written before into the same form.
--
-- Where two spellings of one person meet under a unique key, they become one row:
--   notification preferences: the most recently updated settings are kept;
--   initiative watches: one watch, the earliest;
--   e-mail notices of one signal episode: the one delivered is kept, else the earliest (the other was the second
--   notice the split caused);
--   digests of one day: the one delivered is kept, else the earliest; the other's notices join it, or, when the kept
--   one went out already and they did not, are held again for the person's next digest.
--
-- Commitment and action revisions, sign-offs, decisions and annotations are kept as given, but they name people
-- (owners in the states as-of queries rebuild from, signers, deciders, authors): their person fields are
-- canonicalised (the same person, spelled as the realm spells them), with their guards switched off for these
-- statements and on again in the same transaction. A published review's frozen snapshot stays as the board saw
-- it; the outbox keeps its events as written.

create function pg_temp.canonical_person(id text) returns text language sql immutable as $$
    select lower(trim(id))
$$;

-- A revision's state with its person fields canonical, and its changes with their before and after canonical where
-- they change a person field.
create function pg_temp.canonical_people(doc jsonb, fields text[]) returns jsonb language sql immutable as $$
    select case when jsonb_typeof(doc) = 'object' then (
        select coalesce(jsonb_object_agg(key, case when key = any(fields) and jsonb_typeof(value) = 'string'
                                                   then to_jsonb(pg_temp.canonical_person(value #>> '{}')) else value end),
                        '{}'::jsonb)
        from jsonb_each(doc))
    when jsonb_typeof(doc) = 'array' then (
        select coalesce(jsonb_agg(case when change ->> 'field' = any(fields)
                                       then change || jsonb_build_object(
                                           'before', pg_temp.canonical_person(change ->> 'before'),
                                           'after', pg_temp.canonical_person(change ->> 'after'))
                                       else change end order by place), '[]'::jsonb)
        from jsonb_array_elements(doc) with ordinality as changes (change, place))
    else doc end
$$;

update outcome_commitment set accountable_owner = pg_temp.canonical_person(accountable_owner)
where accountable_owner <> pg_temp.canonical_person(accountable_owner);
alter table commitment_revision disable trigger commitment_revision_append_only;
update commitment_revision
set changed_by = pg_temp.canonical_person(changed_by),
    state = pg_temp.canonical_people(state, array['accountableOwner']),
    changes = pg_temp.canonical_people(changes, array['accountableOwner'])
where changed_by <> pg_temp.canonical_person(changed_by)
   or state <> pg_temp.canonical_people(state, array['accountableOwner'])
   or changes <> pg_temp.canonical_people(changes, array['accountableOwner']);
alter table commitment_revision enable trigger commitment_revision_append_only;

alter table effect_sign_off disable trigger effect_sign_off_kept;
update effect_sign_off set signed_by = pg_temp.canonical_person(signed_by)
where signed_by <> pg_temp.canonical_person(signed_by);
alter table effect_sign_off enable trigger effect_sign_off_kept;

alter table review disable trigger review_frozen;
update review set created_by = pg_temp.canonical_person(created_by),
                  published_by = pg_temp.canonical_person(published_by)
where created_by <> pg_temp.canonical_person(created_by) or published_by <> pg_temp.canonical_person(published_by);
alter table review enable trigger review_frozen;

alter table review_decision disable trigger review_decision_frozen;
update review_decision set decided_by = pg_temp.canonical_person(decided_by),
                           recorded_by = pg_temp.canonical_person(recorded_by)
where decided_by <> pg_temp.canonical_person(decided_by) or recorded_by <> pg_temp.canonical_person(recorded_by);
alter table review_decision enable trigger review_decision_frozen;

alter table review_action disable trigger review_action_frozen;
update review_action set accountable_owner = pg_temp.canonical_person(accountable_owner)
where accountable_owner <> pg_temp.canonical_person(accountable_owner);
alter table review_action enable trigger review_action_frozen;

alter table review_action_revision disable trigger review_action_revision_append_only;
update review_action_revision
set changed_by = pg_temp.canonical_person(changed_by),
    state = pg_temp.canonical_people(state, array['accountableOwner']),
    changes = pg_temp.canonical_people(changes, array['accountableOwner'])
where changed_by <> pg_temp.canonical_person(changed_by)
   or state <> pg_temp.canonical_people(state, array['accountableOwner'])
   or changes <> pg_temp.canonical_people(changes, array['accountableOwner']);
alter table review_action_revision enable trigger review_action_revision_append_only;

alter table review_annotation disable trigger review_annotation_append_only;
update review_annotation set author = pg_temp.canonical_person(author)
where author <> pg_temp.canonical_person(author);
alter table review_annotation enable trigger review_annotation_append_only;

update webhook_endpoint set created_by = pg_temp.canonical_person(created_by)
where created_by <> pg_temp.canonical_person(created_by);

-- What governance knows of plan and KPI items names their owners; plan-service and kpi-service canonicalise theirs
-- as they start, and this copy is brought to the same form rather than waiting to be read again.
update known_fact set fact = pg_temp.canonical_people(fact, array['accountableOwner'])
where fact <> pg_temp.canonical_people(fact, array['accountableOwner']);

delete from notification_preferences preferences using (
    select person_id, row_number() over (partition by pg_temp.canonical_person(person_id)
        order by updated_at desc, person_id = pg_temp.canonical_person(person_id) desc, person_id) as place
    from notification_preferences) ranked
where preferences.person_id = ranked.person_id and ranked.place > 1;
update notification_preferences set person_id = pg_temp.canonical_person(person_id)
where person_id <> pg_temp.canonical_person(person_id);

delete from initiative_watch watch using (
    select initiative_id, person_id, row_number() over (
        partition by initiative_id, pg_temp.canonical_person(person_id) order by since, person_id) as place
    from initiative_watch) ranked
where watch.initiative_id = ranked.initiative_id and watch.person_id = ranked.person_id and ranked.place > 1;
update initiative_watch set person_id = pg_temp.canonical_person(person_id)
where person_id <> pg_temp.canonical_person(person_id);

create temporary table merged_digest on commit drop as
select ranked.id as dropped, first_value(ranked.id) over spelled as kept,
       ranked.status = 'SENT' as dropped_sent, first_value(ranked.status) over spelled = 'SENT' as kept_sent,
       ranked.place
from (select id, status, person_id, day, row_number() over (
          partition by pg_temp.canonical_person(person_id), day order by status = 'SENT' desc, id) as place
      from notification_digest) ranked
window spelled as (partition by pg_temp.canonical_person(ranked.person_id), ranked.day order by ranked.place);
delete from merged_digest where place = 1;
update notification n set digest_id = m.kept from merged_digest m
where n.digest_id = m.dropped and (m.dropped_sent or not m.kept_sent);
update notification n set digest_id = null, status = 'HELD' from merged_digest m
where n.digest_id = m.dropped;
delete from notification_digest where id in (select dropped from merged_digest);
update notification_digest set person_id = pg_temp.canonical_person(person_id)
where person_id <> pg_temp.canonical_person(person_id);

delete from notification n using (
    select id, row_number() over (partition by signal_id, pg_temp.canonical_person(recipient)
        order by status = 'SENT' desc, id) as place
    from notification where channel = 'EMAIL') ranked
where n.id = ranked.id and ranked.place > 1;
update notification set recipient = pg_temp.canonical_person(recipient)
where channel = 'EMAIL' and recipient <> pg_temp.canonical_person(recipient);

drop function pg_temp.canonical_people(jsonb, text[]);
drop function pg_temp.canonical_person(text);
