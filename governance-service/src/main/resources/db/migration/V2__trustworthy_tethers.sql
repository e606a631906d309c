-- Tethers become trustworthy: ids in one canonical form, amendments and withdrawals kept as history, never deleted.

alter table outcome_commitment alter column version type integer;
alter table outcome_commitment
    add column status        text        not null default 'ACTIVE' check (status in ('ACTIVE', 'WITHDRAWN')),
    add column withdrawn_at  timestamptz;

-- Ids were stored as typed: ' 02' and '2' named one milestone twice. Numbers take their canonical form; anything
-- else never named a milestone or KPI, and its commitment is withdrawn, kept, and no longer active.
update outcome_commitment
set milestone_id = coalesce(nullif(ltrim(trim(milestone_id), '0'), ''), '0')
where trim(milestone_id) ~ '^[0-9]{1,18}$';
update outcome_commitment
set kpi_id = coalesce(nullif(ltrim(trim(kpi_id), '0'), ''), '0')
where trim(kpi_id) ~ '^[0-9]{1,18}$';
update outcome_commitment
set status = 'WITHDRAWN', withdrawn_at = now()
where milestone_id !~ '^[1-9][0-9]{0,17}$' or kpi_id !~ '^[1-9][0-9]{0,17}$';
-- Two active commitments that turned out to be one tether: the oldest stays active.
update outcome_commitment c
set status = 'WITHDRAWN', withdrawn_at = now()
where status = 'ACTIVE' and exists (
    select 1 from outcome_commitment older
    where older.status = 'ACTIVE' and older.milestone_id = c.milestone_id and older.kpi_id = c.kpi_id
      and older.id < c.id);

-- One active commitment per tether; a withdrawn one leaves room for a new one.
alter table outcome_commitment drop constraint outcome_commitment_tether;
create unique index outcome_commitment_tether on outcome_commitment (milestone_id, kpi_id) where status = 'ACTIVE';
create index outcome_commitment_milestone on outcome_commitment (milestone_id);
create index outcome_commitment_owner on outcome_commitment (accountable_owner);

-- Every change to a commitment: its creation, each amendment, its withdrawal.
create table commitment_revision (
    id            bigint generated always as identity primary key,
    commitment_id bigint      not null references outcome_commitment (id),
    version       integer     not null,
    changed_at    timestamptz not null,
    changed_by    text        not null,
    reason        text,
    changes       jsonb       not null,
    state         jsonb       not null,
    unique (commitment_id, version)
);

create function commitment_revision_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'commitment revisions are append-only: % is refused', tg_op;
end;
$$;
create trigger commitment_revision_append_only before update or delete or truncate on commitment_revision
    for each statement execute function commitment_revision_is_append_only();

-- Commitments are never deleted: withdrawing one keeps it.
create function outcome_commitment_is_never_deleted() returns trigger language plpgsql as $$
begin
    raise exception 'outcome commitments are withdrawn, never deleted';
end;
$$;
create trigger outcome_commitment_never_deleted before delete or truncate on outcome_commitment
    for each statement execute function outcome_commitment_is_never_deleted();

insert into commitment_revision (commitment_id, version, changed_at, changed_by, reason, changes, state)
select c.id, c.version, c.created_at, 'migration', 'recorded before revisions were kept', '[]',
       jsonb_build_object('id', c.id, 'milestoneId', c.milestone_id, 'kpiId', c.kpi_id,
                          'expectedValue', c.expected_value, 'dueDate', c.due_date, 'rationale', c.rationale,
                          'accountableOwner', c.accountable_owner, 'status', c.status)
from outcome_commitment c;
