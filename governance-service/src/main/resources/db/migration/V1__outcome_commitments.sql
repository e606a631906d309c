-- The tether: when the milestone is delivered, the KPI will reach the expected value by the due date.
-- Milestones and KPIs live in other services' databases, so they are held by id only, without foreign keys.
create table outcome_commitment (
    id                 bigint generated always as identity primary key,
    milestone_id       text        not null check (length(trim(milestone_id)) > 0),
    kpi_id             text        not null check (length(trim(kpi_id)) > 0),
    expected_value     numeric     not null,
    due_date           date        not null,
    rationale          text        not null check (length(trim(rationale)) > 0),
    accountable_owner  text        not null check (length(trim(accountable_owner)) > 0),
    created_at         timestamptz not null default now(),
    version            bigint      not null default 0,
    -- One commitment per tether; its index also serves the lookups by milestone.
    constraint outcome_commitment_tether unique (milestone_id, kpi_id)
);

create index outcome_commitment_kpi on outcome_commitment (kpi_id);
