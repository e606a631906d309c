-- Person ids in one canonical form: trimmed and lower case, as Keycloak keeps usernames and matches them without
-- regard to case. Before this, a KPI owner typed as 'SALES-STEWARD' was stored as typed and split one person into
-- two (their own view missed the KPIs they steward, and only the exact spelling could sign off an effect). The
-- service now canonicalises every id where it enters; this brings the rows written before into the same form. No
-- unique key of this service contains a person id, so nothing collides.
--
-- KPI revisions and measurements are append-only, but they name people too (the owner in a revision's state, which
-- as-of queries rebuild the KPI from; who recorded a value): their person fields are canonicalised (the same
-- person, spelled as the realm spells them), with the guards switched off for these statements and on again in the
-- same transaction. Values, days and times are untouched. The outbox keeps its events as written.

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

update kpi set accountable_owner = pg_temp.canonical_person(accountable_owner)
where accountable_owner <> pg_temp.canonical_person(accountable_owner);

alter table kpi_revision disable trigger kpi_revision_append_only;
update kpi_revision
set changed_by = pg_temp.canonical_person(changed_by),
    state = pg_temp.canonical_people(state, array['accountableOwner']),
    changes = pg_temp.canonical_people(changes, array['accountableOwner'])
where changed_by <> pg_temp.canonical_person(changed_by)
   or state <> pg_temp.canonical_people(state, array['accountableOwner'])
   or changes <> pg_temp.canonical_people(changes, array['accountableOwner']);
alter table kpi_revision enable trigger kpi_revision_append_only;

alter table measurement disable trigger measurement_append_only;
update measurement set recorded_by = pg_temp.canonical_person(recorded_by)
where recorded_by <> pg_temp.canonical_person(recorded_by);
alter table measurement enable trigger measurement_append_only;

update measurement_batch set recorded_by = pg_temp.canonical_person(recorded_by)
where recorded_by <> pg_temp.canonical_person(recorded_by);
update connector set created_by = pg_temp.canonical_person(created_by)
where created_by <> pg_temp.canonical_person(created_by);
update connector_run set run_by = pg_temp.canonical_person(run_by) where run_by <> pg_temp.canonical_person(run_by);

drop function pg_temp.canonical_people(jsonb, text[]);
drop function pg_temp.canonical_person(text);
