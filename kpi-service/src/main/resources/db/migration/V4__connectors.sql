-- Connectors pull KPI values from the systems that produce them (a SQL query, an HTTP API) on a schedule. A
-- definition names its credential by reference only (a mounted Secret's file or an environment variable): no secret is
-- ever stored here. Each run is remembered with what it read, recorded, restated and refused, and why it failed.

alter table measurement drop constraint measurement_source_check;
alter table measurement add constraint measurement_source_check
    check (source in ('MANUAL', 'CSV', 'XLSX', 'API', 'CONNECTOR'));

create table connector (
    id              bigint generated always as identity primary key,
    name            text        not null unique check (length(name) between 1 and 200),
    kind            text        not null check (kind in ('SQL', 'HTTP')),
    -- The KPI every value is for; null when the source names the KPI of each value by a key (connector_kpi).
    kpi_id          bigint      references kpi (id),
    every_minutes   integer     not null check (every_minutes between 1 and 10080),
    start_day       date        not null,
    lookback_days   integer     not null check (lookback_days between 0 and 366),
    row_cap         integer     not null check (row_cap between 1 and 5000000),
    timeout_seconds integer     not null check (timeout_seconds between 1 and 3600),
    credential      text        check (credential ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'),
    username        text        check (length(username) between 1 and 200),
    auth            text        not null check (auth in ('NONE', 'PASSWORD', 'BEARER', 'BASIC')),
    jdbc_url        text        check (length(jdbc_url) between 1 and 2000),
    query           text        check (length(query) between 1 and 20000),
    url             text        check (length(url) between 1 and 2000),
    items_pointer   text,
    day_pointer     text,
    value_pointer   text,
    kpi_key_pointer text,
    next_pointer    text,
    enabled         boolean     not null default true,
    -- The last business day pulled: the next run pulls from here (minus the look-back), restating what changed.
    watermark       date,
    next_run_at     timestamptz not null default now(),
    created_at      timestamptz not null default now(),
    created_by      text        not null,
    version         integer     not null default 0,
    check ((kind = 'SQL') = (jdbc_url is not null and query is not null)),
    check ((kind = 'HTTP') = (url is not null and day_pointer is not null and value_pointer is not null))
);
create index connector_due on connector (next_run_at) where enabled;

-- When one source feeds several KPIs: the key its rows carry, and the KPI it stands for.
create table connector_kpi (
    connector_id bigint not null references connector (id),
    kpi_key      text   not null check (length(kpi_key) between 1 and 200),
    kpi_id       bigint not null references kpi (id),
    primary key (connector_id, kpi_key)
);
create index connector_kpi_kpi on connector_kpi (kpi_id);

-- What each run (scheduled, asked for, or a backfill) did; a dry run writes nothing, this included.
create table connector_run (
    id           bigint generated always as identity primary key,
    connector_id bigint      not null references connector (id),
    trigger      text        not null check (trigger in ('SCHEDULE', 'MANUAL', 'BACKFILL')),
    outcome      text        not null check (outcome in ('SUCCEEDED', 'REJECTED', 'FAILED')),
    window_from  date        not null,
    window_to    date        not null,
    started_at   timestamptz not null,
    duration_ms  bigint      not null,
    rows_read    bigint      not null,
    recorded     bigint      not null,
    corrected    bigint      not null,
    unchanged    bigint      not null,
    rejected     bigint      not null,
    problems     jsonb       not null default '[]',
    error_code   text,
    error        text,
    batch_id     bigint      references measurement_batch (id),
    run_by       text        not null
);
create index connector_run_latest on connector_run (connector_id, id desc);
