-- Person ids in one canonical form: trimmed and lower case, as Keycloak keeps usernames and matches them without
-- regard to case. Before this, an owner typed as 'IT-Lead' was stored as typed and split one person into two (their
-- own view missed what they owned). The service now canonicalises every id where it enters; this brings the rows
-- written before into the same form. No unique key of this service contains a person id, so nothing collides.
--
-- The revision log is append-only, but its states are what as-of queries rebuild the plan from and filter owners
-- by: their person fields are canonicalised too (the same person, spelled as the realm spells them), with the log's
-- guard switched off for this one statement and on again in the same transaction. The outbox keeps its events as
-- written: they were delivered as they were.

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

update initiative set sponsor = pg_temp.canonical_person(sponsor) where sponsor <> pg_temp.canonical_person(sponsor);
update initiative set accountable_owner = pg_temp.canonical_person(accountable_owner)
where accountable_owner <> pg_temp.canonical_person(accountable_owner);
update workstream set accountable_owner = pg_temp.canonical_person(accountable_owner)
where accountable_owner <> pg_temp.canonical_person(accountable_owner);
update milestone set accountable_owner = pg_temp.canonical_person(accountable_owner)
where accountable_owner <> pg_temp.canonical_person(accountable_owner);

alter table plan_revision disable trigger plan_revision_append_only;
update plan_revision
set changed_by = pg_temp.canonical_person(changed_by),
    state = pg_temp.canonical_people(state, array['accountableOwner', 'sponsor']),
    changes = pg_temp.canonical_people(changes, array['accountableOwner', 'sponsor'])
where changed_by <> pg_temp.canonical_person(changed_by)
   or state <> pg_temp.canonical_people(state, array['accountableOwner', 'sponsor'])
   or changes <> pg_temp.canonical_people(changes, array['accountableOwner', 'sponsor']);
alter table plan_revision enable trigger plan_revision_append_only;

drop function pg_temp.canonical_people(jsonb, text[]);
drop function pg_temp.canonical_person(text);
