-- KPI definitions become complete (owner, tolerance bands, valid range, trend window, drivers, a history of every
-- change); measurements become bitemporal with explicit corrections; bulk batches are remembered by their key.

alter table kpi alter column version type integer;

alter table kpi
    add column accountable_owner    text,
    add column at_risk_tolerance    numeric,
    add column off_track_tolerance  numeric,
    add column valid_min            numeric,
    add column valid_max            numeric,
    add column trend_window_days    integer not null default 90 check (trend_window_days between 7 and 3660);
-- KPIs from before owners and bands existed: no steward is known, and the bands start at 10 % and 25 % of the
-- distance from baseline to target, the defaults a new KPI gets.
update kpi set accountable_owner = 'unassigned',
               at_risk_tolerance = abs(target_value - baseline_value) * 0.10,
               off_track_tolerance = abs(target_value - baseline_value) * 0.25;
alter table kpi alter column accountable_owner set not null;
alter table kpi alter column at_risk_tolerance set not null;
alter table kpi alter column off_track_tolerance set not null;
alter table kpi add constraint kpi_owner check (length(accountable_owner) between 1 and 100);
alter table kpi add constraint kpi_bands check (at_risk_tolerance >= 0 and off_track_tolerance >= at_risk_tolerance);
alter table kpi add constraint kpi_valid_range check (valid_min is null or valid_max is null or valid_min < valid_max);
create index kpi_owner_idx on kpi (accountable_owner);

-- A lead KPI that drives another; the service keeps the graph acyclic.
create table kpi_driver (
    kpi_id    bigint not null references kpi (id),
    driver_id bigint not null references kpi (id),
    primary key (kpi_id, driver_id),
    check (kpi_id <> driver_id)
);
create index kpi_driver_driver on kpi_driver (driver_id);

-- Every change to a KPI's definition: who, when, why, what changed, and the whole definition afterwards.
create table kpi_revision (
    id         bigint generated always as identity primary key,
    kpi_id     bigint      not null references kpi (id),
    version    integer     not null,
    changed_at timestamptz not null,
    changed_by text        not null,
    reason     text,
    changes    jsonb       not null,
    state      jsonb       not null,
    unique (kpi_id, version)
);
create index kpi_revision_as_of on kpi_revision (kpi_id, changed_at);

create function kpi_revision_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'KPI revisions are append-only: % is refused', tg_op;
end;
$$;
create trigger kpi_revision_append_only before update or delete or truncate on kpi_revision
    for each statement execute function kpi_revision_is_append_only();

insert into kpi_revision (kpi_id, version, changed_at, changed_by, reason, changes, state)
select k.id, k.version, k.created_at, 'migration', 'recorded before revisions were kept', '[]',
       jsonb_build_object('id', k.id, 'name', k.name, 'description', k.description, 'unit', k.unit,
                          'direction', k.direction, 'kind', k.kind, 'businessFunction', k.business_function,
                          'baselineValue', k.baseline_value, 'baselineDate', k.baseline_date,
                          'targetValue', k.target_value, 'targetDate', k.target_date,
                          'atRiskTolerance', k.at_risk_tolerance, 'offTrackTolerance', k.off_track_tolerance,
                          'validMin', k.valid_min, 'validMax', k.valid_max,
                          'measurementCadenceDays', k.measurement_cadence_days,
                          'trendWindowDays', k.trend_window_days, 'accountableOwner', k.accountable_owner,
                          'drivers', '[]'::jsonb)
from kpi k;

-- A bulk batch, remembered by the client's key, so that a retried batch is answered, not recorded twice.
create table measurement_batch (
    id          bigint generated always as identity primary key,
    batch_key   text        not null unique check (length(batch_key) between 1 and 200),
    checksum    text        not null,
    rows        bigint      not null,
    recorded    bigint      not null,
    already     bigint      not null,
    recorded_at timestamptz not null default now(),
    recorded_by text        not null
);

-- A correction names what it corrects and why; both stay. The latest recording for a business day is its value.
alter table measurement
    add column correction_of bigint references measurement (id),
    add column reason        text,
    add column batch_id      bigint references measurement_batch (id);
alter table measurement add constraint measurement_correction_has_reason
    check (correction_of is null or reason is not null);
-- The effective value of a business day is its latest recording; this index hands them out in that order.
create index measurement_kpi_effective on measurement (kpi_id, observed_at, recorded_at desc, id desc);
drop index measurement_kpi_observed;
