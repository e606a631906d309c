-- The accountable owner of a KPI signs off the effect a milestone had on it: operational sign-off, not IT's word.
-- One sign-off per commitment (the tether of one milestone to one KPI); a sign-off is never changed or deleted.
create table effect_sign_off (
    id                 bigint generated always as identity primary key,
    commitment_id      bigint      not null unique references outcome_commitment (id),
    -- The commitment's version that was signed off, and what it tethered, as it was then.
    commitment_version integer     not null,
    milestone_id       text        not null,
    kpi_id             text        not null,
    signed_by          text        not null,
    signed_at          timestamptz not null default now(),
    statement          text        not null
);
create index effect_sign_off_milestone on effect_sign_off (milestone_id);

create function effect_sign_off_is_kept() returns trigger language plpgsql as $$
begin
    raise exception 'effect sign-offs are kept as given: % is refused', tg_op;
end;
$$;
create trigger effect_sign_off_kept before update or delete or truncate on effect_sign_off
    for each statement execute function effect_sign_off_is_kept();
