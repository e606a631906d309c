-- What governance last read of the plan and the KPIs, kept so that it answers while plan-service or kpi-service is
-- down or hung: each fact as the upstream service gave it (the fields of PlanFacts and KpiFacts), replaced by every
-- complete read of its kind (each evaluation of the signals reads them all, on every upstream event and on the
-- timer). A fact is as fresh as the last complete read of its source: known_source.read_at.
create table known_fact (
    kind    text  not null,
    id      text  not null,
    fact    jsonb not null,
    primary key (kind, id)
);
-- An initiative's or a workstream's milestones, when plan-service cannot say.
create index known_milestone_initiative on known_fact ((fact -> 'initiative' ->> 'id')) where kind = 'Milestone';
create index known_milestone_workstream on known_fact ((fact -> 'workstream' ->> 'id')) where kind = 'Milestone';

create table known_source (
    service text        primary key,
    read_at timestamptz not null
);
