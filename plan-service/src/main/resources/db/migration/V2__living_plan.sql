-- The living plan: workstreams, accountable owners, stage gates, dependencies, and an append-only revision log from
-- which the plan as it stood at any past instant is rebuilt.

-- Ids come from sequences that hand out blocks of 50, so that Hibernate can batch inserts (a 10,000-row import).
create sequence initiative_seq increment by 50;
create sequence workstream_seq increment by 50;
create sequence milestone_seq increment by 50;
create sequence plan_revision_seq increment by 50;
alter table initiative alter column id drop identity;
alter table milestone alter column id drop identity;
select setval('initiative_seq', coalesce((select max(id) from initiative), 0) + 1, false);
select setval('milestone_seq', coalesce((select max(id) from milestone), 0) + 1, false);

-- The API shows versions as Int.
alter table initiative alter column version type integer;
alter table milestone alter column version type integer;

alter table initiative
    add column accountable_owner       text,
    add column review_cadence_days     integer not null default 14 check (review_cadence_days between 1 and 366),
    add column slippage_tolerance_days integer not null default 14 check (slippage_tolerance_days between 0 and 366);
-- Rows from before owners existed: the sponsor is the closest thing to an accountable owner they had.
update initiative set accountable_owner = coalesce(nullif(trim(sponsor), ''), 'unassigned');
alter table initiative alter column accountable_owner set not null;
alter table initiative add constraint initiative_owner check (length(accountable_owner) between 1 and 100);

create table workstream (
    id                bigint primary key,
    initiative_id     bigint      not null references initiative (id),
    name              text        not null check (length(trim(name)) between 1 and 200),
    business_function text        not null check (business_function in
        ('IT', 'SALES', 'FINANCE', 'OPERATIONS', 'HR', 'CUSTOMER_SERVICE', 'PROCUREMENT', 'LOGISTICS')),
    accountable_owner text        not null check (length(accountable_owner) between 1 and 100),
    created_at        timestamptz not null default now(),
    version           integer     not null default 0
);
-- A workstream is named once per initiative; the spreadsheet import finds it by that name.
create unique index workstream_name on workstream (initiative_id, lower(name));

-- Milestones from before workstreams existed go to one workstream per initiative.
insert into workstream (id, initiative_id, name, business_function, accountable_owner)
select nextval('workstream_seq'), i.id, 'General', 'IT', i.accountable_owner
from initiative i where exists (select 1 from milestone m where m.initiative_id = i.id);

alter table milestone
    add column workstream_id     bigint references workstream (id),
    add column external_key      text check (length(external_key) between 1 and 100),
    add column scope             text,
    add column stage_gate        text not null default 'IDENTIFIED'
        check (stage_gate in ('IDENTIFIED', 'PLANNED', 'DECIDED', 'IMPLEMENTED', 'EFFECT_PROVEN')),
    add column accountable_owner text;
update milestone m set workstream_id = w.id, accountable_owner = w.accountable_owner
from workstream w where w.initiative_id = m.initiative_id;
alter table milestone alter column workstream_id set not null;
alter table milestone alter column accountable_owner set not null;
alter table milestone add constraint milestone_owner check (length(accountable_owner) between 1 and 100);
alter table milestone add constraint milestone_delivered_has_actual
    check ((delivery_status = 'DELIVERED') = (actual_finish is not null));
create index milestone_workstream on milestone (workstream_id);
create index milestone_owner_idx on milestone (accountable_owner);
create index workstream_initiative on workstream (initiative_id);
create index initiative_owner_idx on initiative (accountable_owner);
create index workstream_owner_idx on workstream (accountable_owner);
-- The spreadsheet import's key: unique within an initiative.
create unique index milestone_external_key on milestone (initiative_id, external_key);

-- A milestone depends on others of the same initiative; the service keeps the graph acyclic.
create table milestone_dependency (
    milestone_id  bigint not null references milestone (id),
    depends_on_id bigint not null references milestone (id),
    primary key (milestone_id, depends_on_id),
    check (milestone_id <> depends_on_id)
);
create index milestone_dependency_target on milestone_dependency (depends_on_id);

-- Every change to an initiative, workstream or milestone: who, when, why, what changed, and the whole state after,
-- so that the plan at any instant is the latest state of each item recorded up to then.
create table plan_revision (
    id            bigint primary key,
    item_kind     text        not null check (item_kind in ('INITIATIVE', 'WORKSTREAM', 'MILESTONE')),
    item_id       bigint      not null,
    initiative_id bigint      not null,
    version       integer     not null,
    changed_at    timestamptz not null,
    changed_by    text        not null,
    reason        text,
    changes       jsonb       not null,
    state         jsonb       not null,
    unique (item_kind, item_id, version)
);
create index plan_revision_as_of on plan_revision (item_kind, initiative_id, changed_at);

create function plan_revision_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'plan revisions are append-only: % is refused', tg_op;
end;
$$;
create trigger plan_revision_append_only before update or delete or truncate on plan_revision
    for each statement execute function plan_revision_is_append_only();

-- Rows from before revisions were kept: their creation revision, dated when they were created, so that as-of
-- queries know them.
insert into plan_revision (id, item_kind, item_id, initiative_id, version, changed_at, changed_by, reason, changes, state)
select nextval('plan_revision_seq'), 'INITIATIVE', i.id, i.id, i.version, i.created_at, 'migration',
       'recorded before revisions were kept', '[]',
       jsonb_build_object('id', i.id, 'name', i.name, 'objective', i.objective, 'sponsor', i.sponsor,
                          'accountableOwner', i.accountable_owner, 'reviewCadenceDays', i.review_cadence_days,
                          'slippageToleranceDays', i.slippage_tolerance_days, 'status', i.status)
from initiative i;
insert into plan_revision (id, item_kind, item_id, initiative_id, version, changed_at, changed_by, reason, changes, state)
select nextval('plan_revision_seq'), 'WORKSTREAM', w.id, w.initiative_id, w.version,
       (select min(m.created_at) from milestone m where m.workstream_id = w.id), 'migration',
       'recorded before revisions were kept', '[]',
       jsonb_build_object('id', w.id, 'initiativeId', w.initiative_id, 'name', w.name,
                          'businessFunction', w.business_function, 'accountableOwner', w.accountable_owner)
from workstream w;
insert into plan_revision (id, item_kind, item_id, initiative_id, version, changed_at, changed_by, reason, changes, state)
select nextval('plan_revision_seq'), 'MILESTONE', m.id, m.initiative_id, m.version, m.created_at, 'migration',
       'recorded before revisions were kept', '[]',
       jsonb_build_object('id', m.id, 'initiativeId', m.initiative_id, 'workstreamId', m.workstream_id,
                          'externalKey', m.external_key, 'title', m.title, 'scope', m.scope,
                          'baselineFinish', m.baseline_finish, 'forecastFinish', m.forecast_finish,
                          'actualFinish', m.actual_finish, 'deliveryStatus', m.delivery_status, 'health', m.health,
                          'stageGate', m.stage_gate, 'accountableOwner', m.accountable_owner,
                          'dependsOn', '[]'::jsonb)
from milestone m;
