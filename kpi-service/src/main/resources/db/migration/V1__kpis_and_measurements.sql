-- A KPI states where the business stands (baseline) and where it must get to (target), so the target comes later.
create table kpi (
    id                       bigint generated always as identity primary key,
    name                     text    not null check (length(trim(name)) > 0),
    description              text,
    unit                     text    not null
        check (unit in ('CURRENCY', 'PERCENT', 'COUNT', 'DURATION_DAYS', 'DURATION_HOURS', 'RATIO', 'SCORE')),
    direction                text    not null check (direction in ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER')),
    kind                     text    not null check (kind in ('LEAD', 'LAG')),
    business_function        text    not null
        check (business_function in ('IT', 'SALES', 'FINANCE', 'OPERATIONS', 'HR', 'CUSTOMER_SERVICE',
                                     'PROCUREMENT', 'LOGISTICS')),
    baseline_value           numeric not null,
    baseline_date            date    not null,
    target_value             numeric not null,
    target_date              date    not null,
    measurement_cadence_days integer not null check (measurement_cadence_days > 0),
    created_at               timestamptz not null default now(),
    version                  bigint  not null default 0,
    check (target_date > baseline_date)
);

create index kpi_business_function on kpi (business_function);

-- observed_at is the business day the value holds for; recorded_at is when the platform learnt it.
create table measurement (
    id              bigint generated always as identity primary key,
    kpi_id          bigint  not null references kpi (id),
    value           numeric not null,
    observed_at     date    not null,
    recorded_at     timestamptz not null default now(),
    source          text    not null default 'MANUAL' check (source in ('MANUAL', 'CSV', 'XLSX', 'API')),
    recorded_by     text,
    idempotency_key text
);

create index measurement_kpi_observed on measurement (kpi_id, observed_at, recorded_at, id);
create unique index measurement_idempotency_key on measurement (idempotency_key) where idempotency_key is not null;

-- Measurements are append-only: a correction is a newer measurement, so what was once reported is never lost.
create function reject_measurement_change() returns trigger language plpgsql as $$
begin
    raise exception 'measurements are append-only: record a correction as a new measurement';
end;
$$;

create trigger measurement_append_only
    before update or delete on measurement
    for each row execute function reject_measurement_change();
